namespace Vigil.Server.Tests.Gateway;

/// <summary>
/// A test that runs a real Caddy. Skipped with a message when caddy is not installed on a developer machine; never
/// skipped when CI=true (.ci/run installs it), so CI fails loudly instead of passing quietly.
/// </summary>
public sealed class CaddyFactAttribute : FactAttribute
{
    public CaddyFactAttribute()
    {
        if (GatewayProcess.CaddyPath is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "caddy is not installed (apt-get install -y caddy); set CI=true to make this a failure";
        }
    }
}
