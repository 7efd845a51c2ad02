using System.CommandLine;
using System.Globalization;
using Vigil.Core.Telemetry.Formats;

namespace Vigil.Cli.Commands;

/// <summary><c>--format</c> for commands that read telemetry, and the rule that a run which reads nothing fails.</summary>
internal static class FormatOption
{
    public static Option<string?> Create() => new("--format")
    {
        Description = "Input format: " + string.Join(", ", LogFormats.Names) + " (docs/connectors.md). auto (the default) detects it per line.",
    };

    public static LogFormat Parse(string? name, List<string> errors)
    {
        if (LogFormats.TryParse(name, out var format))
        {
            return format;
        }

        errors.Add($"--format '{name}': use one of {string.Join(", ", LogFormats.Names)}.");
        return LogFormat.Auto;
    }

    /// <summary>True (after saying so on stderr) when no event was read: an empty or unreadable input must not look like a clean run.</summary>
    public static bool NothingRead(string command, long events, long lines, long errors, LogFormat format)
    {
        if (events > 0)
        {
            return false;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{command}: no event was read ({lines} lines, {errors} refused; format {LogFormats.Name(format)}). The lines above say why; docs/connectors.md lists the formats."));
        return true;
    }
}
