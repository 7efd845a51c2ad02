using System.CommandLine;
using System.Globalization;
using Vigil.Core.Pipeline;
using Vigil.Core.Telemetry;
using Vigil.Core.Telemetry.Formats;
using Vigil.Lab.Datasets;
using Vigil.Lab.Evaluation;
using Vigil.Lab.Reporting;
using Vigil.Language;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil evaluate</c>: the same protocol for every dataset (docs/evaluation.md): score before learning, attack events
/// are positives, with reference models in the same run; a short table, and report.json + report.html with --report.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "Labelled telemetry: ECS NDJSON ('-' for standard input), or CSV with --csv-map or --preset.", Required = true };
        var report = new Option<string?>("--report") { Description = "Folder for report.json and report.html." };
        var preset = new Option<string?>("--preset") { Description = "CSV layout preset: rba (the public RBA login dataset of Wiefling et al.)." };
        var csvMap = new Option<string?>("--csv-map") { Description = "CSV columns: field=Column,... (fields: " + string.Join(", ", CsvColumnMap.Fields) + ")." };
        var labelNormal = new Option<string[]>("--label-normal") { Description = "With a label column in --csv-map: a value that marks a normal row (repeat for more; default: empty, -, 0, false, no, normal, benign)." };
        var labelAttack = new Option<string[]>("--label-attack") { Description = "With a label column: a value that marks an attack (repeat for more); when given, a value that is neither normal nor attack is a row error." };
        var timeUnit = new Option<string?>("--time-unit") { Description = "Unit of numeric CSV timestamps: ms (default), s or min." };
        var seed = new Option<int>("--seed") { Description = "Seed of the randomised models.", DefaultValueFactory = _ => 1 };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on stderr." };
        var model = new Option<string?>("--model") { Description = "A supervised model file (vigil model train), or 'starter': adds the engine fused with it and the model alone (docs/supervised.md)." };
        var families = new Option<bool>("--families") { Description = "Also measure each model family alone (unsupervised, graph, language, fused ...) on the same events: the families table (docs/evaluation.md). Loads the sentence encoder." };
        var feedbackBudget = new Option<int?>("--feedback-budget") { Description = "Replay an analyst who acts on this many alerts a day (1-" + FeedbackReplay.MaxBudget.ToString(CultureInfo.InvariantCulture) + ") with the stream's labels: false challenges with feedback, without, and with a dismiss-only control at equal detection, cold start and probation's cost (docs/evaluation.md). Replaces the usual tables." };
        var alertLevel = new Option<int>("--alert-level") { Description = "With --feedback-budget: the score (1-100) at or above which an event is an alert, as the service's --alert-level.", DefaultValueFactory = _ => FeedbackReplay.DefaultAlertLevel };
        var format = FormatOption.Create();
        var policy = new PolicyOptions();
        var enrichment = new EnrichmentOptions();
        var command = new Command("evaluate", "Measure detection quality on labelled telemetry: ROC AUC, average precision, detection at fixed false-challenge rates, per attack type and campaign.");
        foreach (var o in new Option[] { input, report, preset, csvMap, labelNormal, labelAttack, timeUnit, seed, quiet, families, format, model, feedbackBudget, alertLevel })
        {
            command.Options.Add(o);
        }

        policy.AddTo(command);
        enrichment.AddTo(command);
        command.SetAction(parse =>
        {
            try
            {
                var csv = new CsvOptions(parse.GetValue(preset), parse.GetValue(csvMap), parse.GetValue(labelNormal), parse.GetValue(labelAttack), parse.GetValue(timeUnit));
                return Run(parse.GetValue(input)!, parse.GetValue(report), csv, parse.GetValue(seed), parse.GetValue(quiet), parse.GetValue(families),
                    parse.GetValue(policy.Policy), parse.GetValue(policy.Data), parse.GetValue(enrichment.GeoCity), parse.GetValue(enrichment.GeoAsn), parse.GetValue(enrichment.IpLists), parse.GetValue(format), parse.GetValue(model),
                    (parse.GetValue(feedbackBudget), parse.GetValue(alertLevel)));
            }
            catch (CommandLineException ex)
            {
                foreach (string e in ex.Errors)
                {
                    Console.Error.WriteLine("vigil evaluate: " + e);
                }

                return 2;
            }
        });
        return command;
    }

    private static int Run(string inputPath, string? reportDir, CsvOptions csv, int seed, bool quiet, bool measureFamilies,
        string? policyPath, string[]? data, FileInfo? geoCity, FileInfo? geoAsn, string[]? ipLists, string? formatName, string? modelPath, (int? Budget, int AlertLevel) feedback)
    {
        var errors = new List<string>();
        if (inputPath != "-" && !File.Exists(inputPath))
        {
            errors.Add($"--input: file '{inputPath}' does not exist.");
        }

        var map = csv.ToMap(errors);
        var format = FormatOption.Parse(formatName, errors);
        var supervised = ModelCommand.LoadModel(modelPath, "--model", errors);
        if (feedback.Budget is { } budget)
        {
            if (budget is < 1 or > FeedbackReplay.MaxBudget)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"--feedback-budget: {budget} alerts a day; give 1 to {FeedbackReplay.MaxBudget}."));
            }

            if (feedback.AlertLevel is < 1 or > 100)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"--alert-level: {feedback.AlertLevel}; give a score from 1 to 100."));
            }

            if (measureFamilies || supervised is not null || reportDir is not null)
            {
                errors.Add("--feedback-budget: runs the feedback replay alone; drop --families, --model and --report.");
            }
        }

        if (errors.Count > 0)
        {
            throw new CommandLineException(errors);
        }

        var compiled = PolicyOptions.Load(policyPath, data);
        var enricher = EnricherFactory.Create(geoCity, geoAsn, ipLists, out var geo);
        using var geoDatabase = geo;
        using var embedder = measureFamilies ? new MiniLmTextEmbedder() : null;
        if (feedback.Budget is { } replayBudget)
        {
            return RunFeedback(inputPath, map, format, new FeedbackReplay(compiled, replayBudget, enricher, seed, feedback.AlertLevel), quiet);
        }

        var evaluator = new Evaluator(compiled, compiled.Version, enricher, seed, supervised) { MeasureFamilies = measureFamilies, TextEmbedder = embedder };
        int shownErrors = 0;
        void OnError(long line, string error)
        {
            if (shownErrors++ < 20)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vigil evaluate: line {line}: {error}"));
            }
        }

        var progress = quiet ? null : new SyncProgress<long>(n => Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\rvigil evaluate: {n:N0} events   ")));
        EvaluationResult result;
        using (var stream = inputPath == "-" ? Console.OpenStandardInput() : File.OpenRead(inputPath))
        {
            if (map is null && format == LogFormat.Ecs)
            {
                result = evaluator.Run(stream, OnError, progress);
            }
            else if (map is null)
            {
                using var native = new NdjsonFormatReader(stream, format);
                result = evaluator.Run(native.ReadAll(), OnError, progress, () => native.LinesRead);
            }
            else
            {
                using var reader = new StreamReader(stream);
                result = evaluator.Run(new CsvEventSource(map).Read(reader), OnError, progress);
            }
        }

        if (!quiet)
        {
            Console.Error.WriteLine();
        }

        if (FormatOption.NothingRead("vigil evaluate", result.Scored, result.Lines, result.Rejected, format))
        {
            return 1;
        }

        SummaryTable.Print(Console.Out, result);
        if (embedder is not null)
        {
            var stats = embedder.Statistics;
            var (p50, p99, calls) = embedder.EncodeLatency();
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sentence encoder: {calls:N0} new strings, {p50:0.00} ms p50 / {p99:0.00} ms p99 each; cache {stats.Entries:N0} entries, {stats.Bytes / 1024.0:N0} KiB, hit rate {stats.HitRate:P2} of {stats.Hits + stats.Misses:N0} lookups, {stats.OverBudget:N0} over the time budget"));
        }
        if (reportDir is not null)
        {
            Directory.CreateDirectory(reportDir);
            using (var json = File.Create(Path.Combine(reportDir, "report.json")))
            {
                ReportJsonWriter.Write(result, json);
            }

            using (var html = new StreamWriter(Path.Combine(reportDir, "report.html")))
            {
                ReportHtmlWriter.Write(result, html, $"Vigil evaluation: {(inputPath == "-" ? "standard input" : Path.GetFileName(inputPath))}");
            }

            Console.Out.WriteLine($"report: {Path.Combine(reportDir, "report.json")}, {Path.Combine(reportDir, "report.html")}");
        }

        return 0;
    }

    private static int RunFeedback(string inputPath, CsvColumnMap? map, LogFormat format, FeedbackReplay replay, bool quiet)
    {
        int shownErrors = 0;
        void OnError(long line, string error)
        {
            if (shownErrors++ < 20)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vigil evaluate: line {line}: {error}"));
            }
        }

        var progress = quiet ? null : new SyncProgress<long>(n => Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\rvigil evaluate: {n:N0} events   ")));
        FeedbackReplayResult result;
        using (var stream = inputPath == "-" ? Console.OpenStandardInput() : File.OpenRead(inputPath))
        {
            if (map is null && format == LogFormat.Ecs)
            {
                using var reader = new NdjsonEventReader(stream);
                result = replay.Run(reader.ReadAll(), OnError, progress);
            }
            else if (map is null)
            {
                using var native = new NdjsonFormatReader(stream, format);
                result = replay.Run(native.ReadAll(), OnError, progress);
            }
            else
            {
                using var reader = new StreamReader(stream);
                result = replay.Run(new CsvEventSource(map).Read(reader), OnError, progress);
            }
        }

        if (!quiet)
        {
            Console.Error.WriteLine();
        }

        if (FormatOption.NothingRead("vigil evaluate", result.Events, result.Events + result.Rejected, result.Rejected, format))
        {
            return 1;
        }

        FeedbackTable.Print(Console.Out, result);
        return 0;
    }
}
