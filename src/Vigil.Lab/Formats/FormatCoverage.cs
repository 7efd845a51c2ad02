using System.Globalization;
using System.Net;
using System.Text.Json;
using Vigil.Core.Telemetry;
using Vigil.Core.Telemetry.Formats;

namespace Vigil.Lab.Formats;

/// <summary>
/// Measures the native-format readers on labelled samples: per source, the share of events read, and the share mapped
/// with subject, outcome, source address, user agent and MFA result where the source has them (docs/connectors.md says
/// how each share is counted). Deterministic: the same file gives the same table.
/// </summary>
public static class FormatCoverage
{
    /// <summary>The stand-in time given to hand-made samples that carry none (2024-01-01T00:00:00Z).</summary>
    public const long StandInTimeMs = 1_704_067_200_000;

    private static readonly string[] IpKeys = ["ipAddress", "sourceIPAddress", "ip", "ipaddr", "callerIpAddress", "ip_address"];
    private static readonly string[] UserAgentKeys = ["rawUserAgent", "userAgent", "user_agent"];

    public static CoverageReport Measure(IReadOnlyList<RuleTestCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var strict = new FormatEventReader();
        var lenient = new FormatEventReader(options: new FormatReaderOptions { MissingTimestampMs = StandInTimeMs });
        var rows = new SortedDictionary<string, CoverageRow>(StringComparer.Ordinal);
        var outOfScope = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var errors = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var lines = new List<EcsLine>();
        foreach (var test in cases)
        {
            if (test.Log is null)
            {
                Count(outOfScope, "(no event in the test)");
                continue;
            }

            using var document = JsonDocument.Parse(test.Log);
            var format = FormatDetector.Detect(document.RootElement);
            if (format is LogFormat.Auto or LogFormat.Ecs)
            {
                Count(outOfScope, test.LogTypes.Count == 0 ? "(no log type: a scheduled-query result row)" : test.LogTypes.Count == 1 ? test.LogTypes[0] : "(several log types) " + Shape(document.RootElement));
                continue;
            }

            string source = LogFormats.Name(format);
            if (!rows.TryGetValue(source, out var row))
            {
                rows[source] = row = new CoverageRow(source);
            }

            row.Events++;
            lines.Clear();
            strict.Read(test.Log, test.Line, lines);
            bool readAsIs = lines.Count > 0 && lines.TrueForAll(l => l.IsEvent);
            if (readAsIs)
            {
                row.ReadAsIs++;
            }

            lines.Clear();
            lenient.Read(test.Log, test.Line, lines);
            foreach (var line in lines)
            {
                if (!line.IsEvent)
                {
                    Count(errors, source + ": " + Generalise(line.Error!));
                    continue;
                }

                row.Read++;
                var e = line.Event;
                row.Kinds[e.Kind] = row.Kinds.GetValueOrDefault(e.Kind) + 1;
                row.WithSubject += string.IsNullOrEmpty(e.SubjectId) ? 0 : 1;
                if (e.Kind is EventKind.SignIn or EventKind.Mfa or EventKind.TokenUse or EventKind.ResourceAccess or EventKind.ApiCall)
                {
                    row.OutcomeExpected++;
                    row.WithOutcome += e.Outcome != EventOutcome.Unknown || (e.Kind == EventKind.Mfa && e.MfaResult == MfaResult.Sent) ? 1 : 0;
                }

                if (HasIp(document.RootElement, 0))
                {
                    row.IpExpected++;
                    row.WithIp += e.SourceIp is null ? 0 : 1;
                }

                if (HasAny(document.RootElement, UserAgentKeys, 0))
                {
                    row.UserAgentExpected++;
                    row.WithUserAgent += e.UserAgent is null && e.Browser is null ? 0 : 1;
                }

                if (e.Kind == EventKind.Mfa)
                {
                    row.MfaExpected++;
                    row.WithMfa += e.MfaResult == MfaResult.None ? 0 : 1;
                }
            }
        }

        return new CoverageReport([.. rows.Values], outOfScope, errors);
    }

    /// <summary>Writes the report as the Markdown tables of docs/connectors.md.</summary>
    public static void Write(CoverageReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine("| source | events | read as is | read (stand-in time) | subject | outcome | source address | user agent | MFA result | kinds |");
        writer.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        var total = new CoverageRow("all");
        foreach (var row in report.Rows)
        {
            WriteRow(writer, row, c);
            total.Add(row);
        }

        WriteRow(writer, total, c);
        writer.WriteLine();
        if (report.Errors.Count > 0)
        {
            writer.WriteLine("Not read:");
            writer.WriteLine();
            foreach (var (error, count) in report.Errors)
            {
                writer.WriteLine(string.Create(c, $"- {count} × {error}"));
            }

            writer.WriteLine();
        }

        writer.WriteLine(string.Create(c, $"Out of scope ({report.OutOfScope.Values.Sum()} samples: sources Vigil has no reader for, or no event):"));
        writer.WriteLine();
        foreach (var (type, count) in report.OutOfScope)
        {
            writer.WriteLine(string.Create(c, $"- {count} × {type}"));
        }
    }

    private static void WriteRow(TextWriter writer, CoverageRow row, CultureInfo c)
    {
        string kinds = string.Join(", ", row.Kinds.OrderByDescending(k => k.Value).ThenBy(k => k.Key).Select(k => string.Create(c, $"{k.Key} {k.Value}")));
        writer.WriteLine(string.Create(c,
            $"| {row.Source} | {row.Events} | {Share(row.ReadAsIs, row.Events)} | {Share(row.Read, row.Events)} | {Share(row.WithSubject, row.Read)} | {Share(row.WithOutcome, row.OutcomeExpected)} | {Share(row.WithIp, row.IpExpected)} | {Share(row.WithUserAgent, row.UserAgentExpected)} | {Share(row.WithMfa, row.MfaExpected)} | {kinds} |"));
    }

    private static string Share(int part, int whole) =>
        whole == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{part}/{whole} ({100.0 * part / whole:0.0}%)");

    private static void Count(SortedDictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>An error without the quoted value, so the same cause is counted once.</summary>
    private static string Generalise(string error)
    {
        int quote = error.IndexOf('\'', StringComparison.Ordinal);
        return quote > 0 ? error[..quote].TrimEnd() : error;
    }

    private static string Shape(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object ? "{" + string.Join(",", root.EnumerateObject().Select(p => p.Name).Where(n => !n.StartsWith("p_", StringComparison.Ordinal)).Take(4)) + ",...}" : "?";

    // The source "has" a field when the raw event carries a usable value under one of the names vendors use for it.
    private static bool HasIp(JsonElement e, int depth)
    {
        if (depth > 8)
        {
            return false;
        }

        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in e.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String && Array.IndexOf(IpKeys, property.Name) >= 0
                    && IPAddress.TryParse(property.Value.GetString(), out _))
                {
                    return true;
                }

                if (!property.Name.StartsWith("p_", StringComparison.Ordinal) && HasIp(property.Value, depth + 1))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool HasAny(JsonElement e, string[] keys, int depth)
    {
        if (depth > 8 || e.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in e.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String && Array.IndexOf(keys, property.Name) >= 0 && property.Value.GetString() is { Length: > 0 })
            {
                return true;
            }

            if (HasAny(property.Value, keys, depth + 1))
            {
                return true;
            }
        }

        return false;
    }
}
