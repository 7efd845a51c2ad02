namespace Vigil.Server.AnalystConsole;

/// <summary>One entry of the console's navigation: where, what it is called, and the scope needed to see it.</summary>
internal sealed record ConsoleNavItem(string Path, string Title, string? Scope);
