using Vigil.Server.Security;

namespace Vigil.Server.AnalystConsole;

/// <summary>Maps the role claim's values to a <see cref="ConsoleRole"/> and the role to scopes.</summary>
internal static class ConsoleRoles
{
    /// <summary>The strongest role among <paramref name="values"/> (a claim may carry several); unknown values are ignored.</summary>
    public static ConsoleRole Parse(IEnumerable<string> values)
    {
        var role = ConsoleRole.None;
        foreach (string value in values)
        {
            var one = value.Trim().ToLowerInvariant() switch
            {
                "admin" => ConsoleRole.Admin,
                "analyst" => ConsoleRole.Analyst,
                "viewer" => ConsoleRole.Viewer,
                _ => ConsoleRole.None,
            };
            if (one > role)
            {
                role = one;
            }
        }

        return role;
    }

    /// <summary>The space-separated scopes a role grants (the <c>scope</c> claim <see cref="Scopes.Has"/> reads).</summary>
    public static string ScopesOf(ConsoleRole role) => role switch
    {
        ConsoleRole.Admin => Scopes.Admin,
        ConsoleRole.Analyst => $"{Scopes.Read} {Scopes.Analyst} {Scopes.Feedback}",
        ConsoleRole.Viewer => Scopes.Read,
        _ => "",
    };

    public static string Name(ConsoleRole role) => role switch
    {
        ConsoleRole.Admin => "admin",
        ConsoleRole.Analyst => "analyst",
        ConsoleRole.Viewer => "viewer",
        _ => "none",
    };
}
