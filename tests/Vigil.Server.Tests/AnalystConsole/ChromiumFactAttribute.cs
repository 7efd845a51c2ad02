using Vigil.Server.Tests.Security;

namespace Vigil.Server.Tests.AnalystConsole;

/// <summary>
/// A browser test: needs Debian's chromium (/usr/bin/chromium), node and the npm packages in
/// tests/Vigil.Server.Tests/oidc (the OpenID provider and axe-core). Skipped with a message when they are missing on a
/// developer machine; never skipped when CI=true, so CI fails instead of passing quietly.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        string? problem = Problem();
        if (problem is not null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = problem + " (set CI=true to make this a failure)";
        }
    }

    public static string? Problem()
    {
        if (!File.Exists(ChromiumPath))
        {
            return "chromium is not installed (apt-get install -y chromium)";
        }

        if (NodeFactAttribute.Problem() is { } node)
        {
            return node;
        }

        return File.Exists(AxeScript) ? null : "axe-core is not installed: run 'npm ci' in tests/Vigil.Server.Tests/oidc";
    }

    public static string AxeScript => Path.Combine(NodeFactAttribute.OidcDirectory, "node_modules", "axe-core", "axe.min.js");
}
