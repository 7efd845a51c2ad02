namespace Vigil.Server.AnalystConsole;

/// <summary>
/// Endpoint metadata for console routes, read by <see cref="ConsoleGate"/>: the scope a page or action needs
/// (<see cref="Security.Scopes"/>), or <see cref="Public"/> for sign-in, its callback and static assets.
/// </summary>
internal sealed record ConsoleAccess(string? Scope, bool Public = false);
