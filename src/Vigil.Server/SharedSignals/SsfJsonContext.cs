using System.Text.Json.Serialization;

namespace Vigil.Server.SharedSignals;

/// <summary>Source-generated JSON for what the transmitter and receiver store as JSON (a stream's requested events, receiver streams, external signals).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(ReceiverStream))]
[JsonSerializable(typeof(ExternalSignal))]
internal sealed partial class SsfJsonContext : JsonSerializerContext;
