using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Enrichment.Tests.UserAgents;

/// <summary>One row of TestData/user-agents.json: a real user-agent string and what it should parse to.</summary>
public sealed record UserAgentCase(
    [property: JsonPropertyName("ua")] string UserAgent,
    [property: JsonPropertyName("browser")] string Browser,
    [property: JsonPropertyName("major")] int Major,
    [property: JsonPropertyName("os")] string Os,
    [property: JsonPropertyName("osVersion")] string? OsVersion,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("scripted")] string? Scripted,
    [property: JsonPropertyName("note")] string? Note)
{
    private static readonly Lazy<IReadOnlyList<UserAgentCase>> Cases = new(() =>
        JsonSerializer.Deserialize<List<UserAgentCase>>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "user-agents.json")))!);

    public static IReadOnlyList<UserAgentCase> All => Cases.Value;
}
