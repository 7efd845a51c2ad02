using System.Text.Json;

namespace Vigil.Server.Tests.Hostile;

/// <summary>What the service answered to one hostile request.</summary>
public sealed record HostileAnswer(int Status, string? MediaType, string Text, JsonElement? Json);
