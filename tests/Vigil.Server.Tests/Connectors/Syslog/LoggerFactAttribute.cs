using System.Diagnostics;

namespace Vigil.Server.Tests.Connectors.Syslog;

/// <summary>
/// A test that sends with util-linux's <c>logger</c> (Debian's bsdutils, installed by .ci/run). Skipped with a message
/// when it is missing on a developer machine; never skipped when CI=true, so CI fails loudly instead of passing quietly.
/// </summary>
public sealed class LoggerFactAttribute : FactAttribute
{
    public LoggerFactAttribute()
    {
        string? problem = Problem();
        if (problem is not null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = problem + " (set CI=true to make this a failure)";
        }
    }

    public static string? Problem()
    {
        try
        {
            using var logger = Process.Start(new ProcessStartInfo("logger", "--help") { RedirectStandardOutput = true, UseShellExecute = false });
            string help = logger!.StandardOutput.ReadToEnd();
            logger.WaitForExit();
            return help.Contains("--octet-count", StringComparison.Ordinal) ? null : "logger has no --octet-count (util-linux 2.26 or later is needed)";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "logger is not installed (apt-get install -y bsdutils)";
        }
    }
}
