using System.Text.Json.Serialization;

namespace Vigil.Server.SharedSignals;

/// <summary>Source-generated JSON for the little the transmitter stores as JSON (a stream's requested events).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class SsfJsonContext : JsonSerializerContext;
