using Vigil.Server.Security;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// The navigation, in order. A new page (the alert queue of issue 13) is one file that maps its routes on the console
/// group and one line here.
/// </summary>
internal static class ConsoleNav
{
    public static readonly ConsoleNavItem[] Items =
    [
        new("/console/identities", "Risky identities", Scopes.Read),
        new("/console/alerts", "Alerts", Scopes.Read),
        new("/console/decisions", "Decisions", Scopes.Read),
        new("/console/policies", "Policies", Scopes.Read),
        new("/console/operations", "Operations", Scopes.Read),
    ];
}
