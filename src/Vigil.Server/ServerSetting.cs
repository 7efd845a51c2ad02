namespace Vigil.Server;

/// <summary>
/// One command-line setting of the service: its name, the value it takes (null: a switch), a one-line summary for
/// <c>vigil serve --help</c>, and how it changes <see cref="ServerOptions"/>. docs/server.md explains each in full.
/// </summary>
internal sealed record ServerSetting(string Name, string? Value, string Summary, Action<ServerOptions, SettingValue> Apply);
