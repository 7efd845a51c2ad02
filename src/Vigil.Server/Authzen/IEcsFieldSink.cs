using System.Text.Json;

namespace Vigil.Server.Authzen;

/// <summary>Receives the ECS fields of a mapped AuthZEN request, by dotted path (<see cref="EvaluationMapper"/>).</summary>
internal interface IEcsFieldSink
{
    /// <summary>A value taken from the request as it is (scalar or array of scalars).</summary>
    void Value(string path, JsonElement value);

    void Text(string path, string value);

    void Number(string path, long value);
}
