using System.Text.Json.Serialization;

namespace Vigil.Server.SharedSignals;

/// <summary>Source-generated JSON for the receiver's small requests to transmitters.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SsfReceiverJson : JsonSerializerContext;
