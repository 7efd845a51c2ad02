using System.Text.Json.Serialization;

namespace Vigil.Server.Http;

/// <summary>Source-generated JSON for the few small documents written with the serializer.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Audit.AuditHeadAnswer))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
