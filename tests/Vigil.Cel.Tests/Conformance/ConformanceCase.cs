using System.Text.Json;

namespace Vigil.Cel.Tests.Conformance;

/// <summary>One test of a cel-spec "simple" conformance file (JSON form of SimpleTest).</summary>
public sealed record ConformanceCase(string File, string Section, string Name, JsonElement Json)
{
    public string Expr => Json.GetProperty("expr").GetString()!;

    public string Container => Json.TryGetProperty("container", out var c) ? c.GetString() ?? "" : "";

    public bool DisableCheck => Json.TryGetProperty("disableCheck", out var d) && d.GetBoolean();

    public bool ExpectsError => Json.TryGetProperty("evalError", out _);

    public string Id => $"{File}/{Section}/{Name}";
}
