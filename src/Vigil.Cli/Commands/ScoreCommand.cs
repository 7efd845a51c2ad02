using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Vigil.Cli.Output;
using Vigil.Core.Decisions;
using Vigil.Core.Engine;
using Vigil.Core.Pipeline;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;
using Vigil.Core.Telemetry.Formats;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil score --input FILE [--output FILE]</c>: streams ECS NDJSON through the engine in time order and writes one
/// JSON line per event, scored before the event is learned. Progress and a summary go to stderr.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "ECS NDJSON events; '-' reads standard input.", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write one JSON line per event; standard output when absent." };
        var mode = new Option<string?>("--mode") { Description = "Force every segment to monitor (record the would-be outcome, permit) or enforce; the policy's own modes when absent." };
        var seed = new Option<int>("--seed") { Description = "Seed of the randomised models; the same file and seed give the same output.", DefaultValueFactory = _ => 1 };
        var window = new Option<int>("--reorder-window") { Description = "Seconds an event may arrive out of time order and still be put in its place.", DefaultValueFactory = _ => 60 };
        var ahead = new Option<int>("--max-ahead-days") { Description = "Days after the newest accepted event an event may be; later ones are bad lines (a wrong clock or unit). Raise it for inputs with longer silences.", DefaultValueFactory = _ => 7 };
        var behind = new Option<int>("--max-behind-days") { Description = "Days before the newest accepted event an event may be; earlier ones are bad lines.", DefaultValueFactory = _ => 30 };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress or summary on stderr." };
        var format = FormatOption.Create();
        var enrichment = new EnrichmentOptions();
        var policy = new PolicyOptions();

        var command = new Command("score", "Score recorded telemetry: one JSON line per event with risk, level, reasons and outcome.");
        foreach (var option in new Option[] { input, output, mode, seed, window, ahead, behind, quiet, format })
        {
            command.Options.Add(option);
        }

        enrichment.AddTo(command);
        policy.AddTo(command);
        command.SetAction(parse =>
        {
            try
            {
                return Run(new ScoreArguments(
                    parse.GetValue(input)!, parse.GetValue(output), parse.GetValue(mode), parse.GetValue(seed), parse.GetValue(window),
                    parse.GetValue(ahead), parse.GetValue(behind), parse.GetValue(quiet), parse.GetValue(enrichment.GeoCity), parse.GetValue(enrichment.GeoAsn), parse.GetValue(enrichment.IpLists),
                    parse.GetValue(policy.Policy), parse.GetValue(policy.Data), parse.GetValue(format)));
            }
            catch (CommandLineException ex)
            {
                foreach (string error in ex.Errors)
                {
                    Console.Error.WriteLine("vigil score: " + error);
                }

                return 2;
            }
        });
        return command;
    }

    private sealed record ScoreArguments(string Input, string? Output, string? Mode, int Seed, int ReorderSeconds, int MaxAheadDays, int MaxBehindDays, bool Quiet,
        FileInfo? GeoCity, FileInfo? GeoAsn, string[]? IpLists, string? Policy, string[]? Data, string? Format);

    private static int Run(ScoreArguments args)
    {
        var errors = new List<string>();
        if (args.Mode is not (null or "monitor" or "enforce"))
        {
            errors.Add($"--mode '{args.Mode}': use monitor or enforce.");
        }

        if (args.Input != "-" && !File.Exists(args.Input))
        {
            errors.Add($"--input: file '{args.Input}' does not exist.");
        }

        if (args.ReorderSeconds is < 0 or > 86_400)
        {
            errors.Add($"--reorder-window {args.ReorderSeconds}: give 0 to 86400 seconds.");
        }

        if (args.MaxAheadDays is < 1 or > 3_650)
        {
            errors.Add($"--max-ahead-days {args.MaxAheadDays}: give 1 to 3650 days.");
        }

        if (args.MaxBehindDays is < 1 or > 3_650)
        {
            errors.Add($"--max-behind-days {args.MaxBehindDays}: give 1 to 3650 days.");
        }

        var logFormat = FormatOption.Parse(args.Format, errors);
        if (errors.Count > 0)
        {
            throw new CommandLineException(errors);
        }

        var enricher = EnricherFactory.Create(args.GeoCity, args.GeoAsn, args.IpLists, out var geo);
        using var geoDatabase = geo;
        var engine = new VigilEngine(new VigilEngineOptions { Seed = args.Seed });
        var compiled = PolicyOptions.Load(args.Policy, args.Data);
        IDecisionPolicy policy = args.Mode switch
        {
            "enforce" => new ModeOverride(compiled, RolloutMode.Enforce),
            "monitor" => new ModeOverride(compiled, RolloutMode.Monitor),
            _ => compiled,
        };
        var timestamps = new TimestampWindow(args.MaxAheadDays * 86_400_000L, args.MaxBehindDays * 86_400_000L);
        var pipeline = new ReplayPipeline(engine, policy, enricher, args.ReorderSeconds * 1000L, timestamps);

        using var input = args.Input == "-" ? Console.OpenStandardInput() : File.OpenRead(args.Input);
        using var outputStream = args.Output is null
            ? Console.OpenStandardOutput()
            : new FileStream(args.Output, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        using var buffered = new BufferedStream(outputStream, 1 << 16);
        using var writer = new ScoreJsonWriter(buffered);
        var tally = new ScoreTally();
        var clock = Stopwatch.StartNew();
        long nextProgress = 200_000;
        int shownErrors = 0;

        var summary = pipeline.Run(input, logFormat,
            (in ScoredEvent scored) =>
            {
                writer.Write(scored);
                tally.Add(scored);
                if (!args.Quiet && tally.Events >= nextProgress)
                {
                    nextProgress += 200_000;
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"vigil score: {tally.Events:N0} events, {tally.Events / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):N0} events/s"));
                }
            },
            (line, error) =>
            {
                if (shownErrors++ < 20)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vigil score: line {line}: {error}"));
                }
            });

        writer.Dispose();
        if (!args.Quiet)
        {
            tally.Print(Console.Error, summary, clock.Elapsed, compiled.Version);
        }

        return FormatOption.NothingRead("vigil score", summary.Events, summary.Lines, summary.Errors, logFormat) ? 1 : 0;
    }
}
