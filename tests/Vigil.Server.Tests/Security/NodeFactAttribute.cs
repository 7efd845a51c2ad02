using System.Diagnostics;

namespace Vigil.Server.Tests.Security;

/// <summary>
/// A test that needs node and the npm packages in tests/Vigil.Server.Tests/oidc. Skipped with a message when they
/// are missing on a developer machine; never skipped when CI=true, so CI fails loudly instead of passing quietly.
/// </summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        string? problem = Problem();
        if (problem is not null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = problem + " (set CI=true to make this a failure)";
        }
    }

    public static string OidcDirectory => Path.Combine(ServerProcess.RepositoryRoot(), "tests", "Vigil.Server.Tests", "oidc");

    public static string? Problem()
    {
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            node!.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "node is not installed (apt-get install -y nodejs npm)";
        }

        return Directory.Exists(Path.Combine(OidcDirectory, "node_modules", "oidc-provider"))
            ? null
            : "oidc-provider is not installed: run 'npm ci' in tests/Vigil.Server.Tests/oidc";
    }
}
