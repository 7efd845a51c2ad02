namespace Vigil.Server.AnalystConsole;

/// <summary>The console's roles, each a set of scopes (docs/console.md): viewer reads, analyst also acts on identities and alerts, admin does everything.</summary>
internal enum ConsoleRole
{
    /// <summary>No console role: signed in at the provider, but refused by the console.</summary>
    None,

    /// <summary>Reads: scope <c>read</c>.</summary>
    Viewer,

    /// <summary>Reads and acts: scopes <c>read analyst feedback</c>.</summary>
    Analyst,

    /// <summary>Everything: scope <c>admin</c>.</summary>
    Admin,
}
