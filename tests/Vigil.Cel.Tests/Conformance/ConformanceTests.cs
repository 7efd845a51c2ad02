using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Vigil.Cel.Tests.Conformance;

/// <summary>
/// Runs every case of the cel-spec conformance files against Vigil.Cel, prints a pass table per file,
/// and fails when a file passes fewer cases than recorded in conformance-baseline.json.
/// Set VIGIL_WRITE_CEL_CONFORMANCE=path to regenerate docs/cel-conformance.md.
/// </summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    public static readonly string[] RequiredFiles =
    [
        "basic", "comparisons", "conversions", "dynamic", "fields", "fp_math", "integer_math", "lists", "logic",
        "macros", "macros2", "parse", "plumbing", "string", "timestamps",
    ];

    public static readonly string[] ExtensionFiles = ["string_ext", "network_ext", "bindings_ext", "math_ext", "encoders_ext", "namespace", "optionals", "block_ext"];

    [Fact]
    public void Conformance_AllFiles_MeetRecordedBaseline()
    {
        string dir = CelSpecLocator.TestsDirectory();
        var baseline = JsonSerializer.Deserialize<Dictionary<string, int>>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", "conformance-baseline.json")))!;

        var rows = new List<(string File, int Passed, int AtCompile, int Failed, int Skipped, int Total)>();
        var failures = new List<string>();
        var skips = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string file in RequiredFiles.Concat(ExtensionFiles))
        {
            int passed = 0, atCompile = 0, failed = 0, skipped = 0, total = 0;
            foreach (var c in ConformanceRunner.Load(Path.Combine(dir, file + ".json")))
            {
                total++;
                var outcome = ConformanceRunner.Run(c);
                switch (outcome.Kind)
                {
                    case OutcomeKind.Passed:
                        passed++;
                        atCompile += outcome.Detail == "compile" ? 1 : 0;
                        break;
                    case OutcomeKind.Skipped:
                        skipped++;
                        if (!skips.TryGetValue(outcome.Detail, out var list))
                        {
                            skips[outcome.Detail] = list = [];
                        }

                        list.Add(c.Id);
                        break;
                    default:
                        failed++;
                        failures.Add($"{c.Id}: `{c.Expr}` -> {outcome.Detail}");
                        break;
                }
            }

            rows.Add((file, passed, atCompile, failed, skipped, total));
        }

        string table = Render(rows, failures, skips);
        output.WriteLine(table);
        if (Environment.GetEnvironmentVariable("VIGIL_WRITE_CEL_CONFORMANCE") is { Length: > 0 } path)
        {
            File.WriteAllText(path, table);
        }

        var regressions = rows
            .Where(r => baseline.TryGetValue(r.File, out int expected) && r.Passed < expected)
            .Select(r => $"{r.File}: {r.Passed} passed, baseline {baseline[r.File]}")
            .ToList();
        Assert.True(regressions.Count == 0, "Conformance regressed:\n" + string.Join('\n', regressions) + "\n\n" + table);
        Assert.All(rows, r => Assert.True(baseline.ContainsKey(r.File), $"{r.File} has no baseline entry"));
    }

    private static string Render(
        List<(string File, int Passed, int AtCompile, int Failed, int Skipped, int Total)> rows,
        List<string> failures,
        SortedDictionary<string, List<string>> skips)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("# CEL conformance of Vigil.Cel");
        sb.AppendLine();
        sb.AppendLine("Regenerate (from the repository root):");
        sb.AppendLine();
        sb.AppendLine("    VIGIL_WRITE_CEL_CONFORMANCE=$PWD/docs/cel-conformance.md dotnet test tests/Vigil.Cel.Tests --filter Conformance");
        sb.AppendLine();
        sb.AppendLine("Data: `tests/Vigil.Cel.Tests/Conformance/Data/*.json` (cel-spec `tests/simple/testdata`, commit 508bd98, Apache-2.0;");
        sb.AppendLine("see the README there). The test fails when a");
        sb.AppendLine("file passes fewer cases than `tests/Vigil.Cel.Tests/Conformance/conformance-baseline.json` records.");
        sb.AppendLine("A case expecting an error also passes when Vigil rejects it at compile time.");
        sb.AppendLine();
        sb.AppendLine("Required (issue): " + string.Join(", ", RequiredFiles) + ". Extensions: " + string.Join(", ", ExtensionFiles) + ".");
        sb.AppendLine("Not run: enums, proto2, proto2_ext, proto3, wrappers, type_deduction, unknowns");
        sb.AppendLine("(protobuf messages, check-only typed results and partial evaluation, which Vigil does not offer).");
        sb.AppendLine();
        sb.AppendLine("| file | passed | of which rejected at compile time | failed | skipped | total | pass rate of run cases |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
        {
            int run = r.Passed + r.Failed;
            string rate = run == 0 ? "-" : (100.0 * r.Passed / run).ToString("0.0", inv) + " %";
            sb.AppendLine(inv, $"| {r.File} | {r.Passed} | {r.AtCompile} | {r.Failed} | {r.Skipped} | {r.Total} | {rate} |");
        }

        sb.AppendLine(inv, $"| **all** | {rows.Sum(r => r.Passed)} | {rows.Sum(r => r.AtCompile)} | {rows.Sum(r => r.Failed)} | {rows.Sum(r => r.Skipped)} | {rows.Sum(r => r.Total)} | |");
        sb.AppendLine();
        sb.AppendLine("## Failures");
        sb.AppendLine();
        if (failures.Count == 0)
        {
            sb.AppendLine("None.");
        }

        foreach (var f in failures)
        {
            sb.AppendLine("- " + f.Replace("|", "\\|", StringComparison.Ordinal));
        }

        sb.AppendLine();
        sb.AppendLine("## Skipped cases");
        foreach (var (reason, ids) in skips)
        {
            sb.AppendLine();
            sb.AppendLine(inv, $"**{reason}** ({ids.Count}):");
            sb.AppendLine();
            sb.AppendLine(string.Join(", ", ids.Select(id => "`" + id + "`")));
        }

        return sb.ToString();
    }
}
