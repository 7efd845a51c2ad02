namespace Vigil.Server.Tests.Gateway;

/// <summary>
/// A test that runs a real nginx. Skipped with a message when nginx is not installed on a developer machine; never
/// skipped when CI=true (.ci/run installs it), so CI fails loudly instead of passing quietly.
/// </summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (GatewayProcess.NginxPath is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "nginx is not installed (apt-get install -y nginx-light); set CI=true to make this a failure";
        }
    }
}
