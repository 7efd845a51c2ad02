using System.Text.Json;

namespace Vigil.Server.Authzen;

/// <summary>An AuthZEN action: <c>name</c> required, <c>properties</c> optional (AuthZEN 1.0, Information Model).</summary>
internal sealed record AuthzenAction(string Name, JsonElement Properties);
