using System.Text.Json;

namespace Vigil.Server.Authzen;

/// <summary>An AuthZEN subject or resource: <c>type</c> and <c>id</c> are required, <c>properties</c> optional (AuthZEN 1.0, Information Model).</summary>
internal sealed record AuthzenEntity(string Type, string Id, JsonElement Properties);
