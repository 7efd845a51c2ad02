namespace Vigil.Server.Tests.Connectors.Syslog;

/// <summary>
/// A test that sends to a real rsyslog (Debian's rsyslog package, installed by .ci/run). Skipped with a message when
/// rsyslogd is missing on a developer machine; never skipped when CI=true, so CI fails loudly instead of passing quietly.
/// </summary>
public sealed class RsyslogFactAttribute : FactAttribute
{
    public RsyslogFactAttribute()
    {
        if (Rsyslog.Path is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "rsyslogd is not installed (apt-get install -y rsyslog; set CI=true to make this a failure)";
        }
    }
}
