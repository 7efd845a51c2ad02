using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Vigil.Lab.Simulation;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil simulate</c>: an organisation and its attackers as labelled ECS NDJSON (docs/simulation.md).</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Where to write ECS NDJSON; '-' for standard output.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed and options give byte-identical output.", DefaultValueFactory = _ => 1 };
        var humans = new Option<int>("--humans") { Description = "People.", DefaultValueFactory = _ => 1_000 };
        var workloads = new Option<int>("--workloads") { Description = "Service principals and API keys.", DefaultValueFactory = _ => 50 };
        var agents = new Option<int>("--agents") { Description = "AI agents acting for people.", DefaultValueFactory = _ => 20 };
        var days = new Option<int>("--days") { Description = "Days simulated.", DefaultValueFactory = _ => 14 };
        var start = new Option<string>("--start") { Description = "First day (yyyy-MM-dd).", DefaultValueFactory = _ => "2026-03-02" };
        var rate = new Option<double>("--attacks-per-week") { Description = "Attack campaigns per week; 0 for attack-free telemetry.", DefaultValueFactory = _ => 12 };
        var mix = new Option<string?>("--attack-mix") { Description = "Relative weights, e.g. credential_stuffing=2,mfa_fatigue=1 (unlisted types get 0)." };
        var coverage = new Option<double>("--known-bad-coverage") { Description = "Share of attacker addresses on the known-bad list.", DefaultValueFactory = _ => 0.5 };
        var lists = new Option<string?>("--ip-lists") { Description = "Folder to write anonymizers.txt, hosting.txt, known_bad.txt, corporate_egress.txt into." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on stderr." };
        var command = new Command("simulate", "Generate realistic labelled telemetry of an organisation and attack campaigns.");
        foreach (var o in new Option[] { output, seed, humans, workloads, agents, days, start, rate, mix, coverage, lists, quiet })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse =>
        {
            var errors = new List<string>();
            if (!DateOnly.TryParseExact(parse.GetValue(start), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var startDate))
            {
                errors.Add($"--start '{parse.GetValue(start)}': write the date as yyyy-MM-dd.");
            }

            var attackMix = ParseMix(parse.GetValue(mix), errors);
            var options = new SimulationOptions
            {
                Seed = parse.GetValue(seed),
                Humans = parse.GetValue(humans),
                Workloads = parse.GetValue(workloads),
                Agents = parse.GetValue(agents),
                Days = parse.GetValue(days),
                StartDate = startDate,
                AttackCampaignsPerWeek = parse.GetValue(rate),
                KnownBadCoverage = parse.GetValue(coverage),
                IpListDirectory = parse.GetValue(lists),
            };
            if (attackMix is not null)
            {
                options = options with { AttackMix = attackMix };
            }

            errors.AddRange(options.Validate());
            if (errors.Count > 0)
            {
                foreach (string e in errors)
                {
                    Console.Error.WriteLine("vigil simulate: " + e);
                }

                return 2;
            }

            string path = parse.GetValue(output)!;
            bool quietRun = parse.GetValue(quiet);
            var clock = Stopwatch.StartNew();
            using var stream = path == "-" ? Console.OpenStandardOutput() : new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
            var progress = quietRun ? null : new SyncProgress<SimulationProgress>(p => Console.Error.Write(string.Create(CultureInfo.InvariantCulture,
                $"\rvigil simulate: [{new string('#', (int)(p.Fraction * 30)).PadRight(30)}] {p.Fraction:P0} {p.EventsWritten:N0} events, {p.SimulatedTime:yyyy-MM-dd}   ")));
            var summary = new TelemetrySimulator(options).Run(stream, progress);
            if (!quietRun)
            {
                Console.Error.WriteLine();
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"vigil simulate: {summary.Events:N0} events ({summary.AttackEvents:N0} attack events in {summary.Campaigns.Count} campaigns) for {summary.Humans:N0} people, {summary.Workloads:N0} workloads, {summary.Agents:N0} agents in {clock.Elapsed.TotalSeconds:0.0} s ({summary.Events / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):N0} events/s)"));
                foreach (string file in summary.IpListFiles)
                {
                    Console.Error.WriteLine("  ip list: " + file);
                }
            }

            return 0;
        });
        return command;
    }

    private static Dictionary<AttackType, double>? ParseMix(string? text, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        var mix = Enum.GetValues<AttackType>().ToDictionary(t => t, _ => 0.0);
        foreach (string pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string name = eq > 0 ? pair[..eq] : pair;
            if (!AttackTypeNames.TryParse(name, out var type) || type is null)
            {
                errors.Add($"--attack-mix: '{name}' is not an attack type; use {string.Join(", ", AttackTypeNames.All.Select(AttackTypeNames.ToLabel))}.");
                continue;
            }

            double weight = 1;
            if (eq > 0 && (!double.TryParse(pair[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out weight) || weight < 0))
            {
                errors.Add($"--attack-mix: weight of '{name}' must be a non-negative number.");
                continue;
            }

            mix[type.Value] = weight;
        }

        return mix;
    }
}

/// <summary>Reports progress on the caller's thread (Progress&lt;T&gt; would post to the thread pool and interleave output).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
