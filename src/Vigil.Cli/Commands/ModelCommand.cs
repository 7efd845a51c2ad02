using System.CommandLine;
using System.Globalization;
using Vigil.Core.Engine;
using Vigil.Core.Supervised;
using Vigil.Lab.Training;
using Vigil.Storage;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil model</c>: the supervised family's models (docs/supervised.md). <c>train</c> fits gradient-boosted trees on
/// a labelled stream and writes Vigil's model file (and, with <c>--data-dir</c>, stores it as the shadow); <c>calibrate</c>
/// fits isotonic calibration; <c>list</c>, <c>promote</c> and <c>rollback</c> manage the versions in the store.
/// </summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Supervised models: train on labelled telemetry (docs/supervised.md).");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Calibrate());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Promote());
        command.Subcommands.Add(Rollback());
        return command;
    }

    /// <summary>Reads a model file, or the starter model for "starter"; null without a path. Problems go to <paramref name="errors"/>, naming <paramref name="option"/>.</summary>
    public static SupervisedModel? LoadModel(string? path, string option, List<string> errors)
    {
        if (path is null)
        {
            return null;
        }

        if (path == "starter")
        {
            return SupervisedModel.Starter;
        }

        if (!File.Exists(path))
        {
            errors.Add($"{option}: file '{path}' does not exist.");
            return null;
        }

        try
        {
            using var file = File.OpenRead(path);
            return SupervisedModel.Read(file);
        }
        catch (InvalidDataException ex)
        {
            errors.Add($"{option}: '{path}' is not a usable model: {ex.Message}");
            return null;
        }
    }

    private static Option<string> DataDir() => new("--data-dir") { Description = "The service's data directory (holds vigil.db).", Required = true };

    private static Command List()
    {
        var dataDir = DataDir();
        var command = new Command("list", "List stored model versions, newest first, with which is in force and which is in shadow.");
        command.Options.Add(dataDir);
        command.SetAction(parse =>
        {
            string dir = parse.GetValue(dataDir)!;
            if (!Directory.Exists(dir))
            {
                Console.Error.WriteLine($"vigil model list: --data-dir '{dir}' does not exist.");
                return 2;
            }

            using var store = VigilStore.Open(dir, TimeProvider.System);
            var c = CultureInfo.InvariantCulture;
            foreach (var m in store.ModelHistory())
            {
                Console.Out.WriteLine(string.Create(c, $"{m.Version,4}  {m.Status,-9}  {DateTimeOffset.FromUnixTimeMilliseconds(m.CreatedMs):yyyy-MM-dd HH:mm}  {m.Name}  {m.Author}  {m.Comment}"));
            }

            return 0;
        });
        return command;
    }

    private static Command Promote()
    {
        var dataDir = DataDir();
        var version = new Option<long?>("--version") { Description = "The version to promote (default: the shadow)." };
        var labels = new Option<string?>("--labels") { Description = "Recent labelled telemetry (ECS NDJSON) held out from training: the candidate must beat the model in force on it (average precision)." };
        var force = new Option<bool>("--force") { Description = "Promote without the comparison (e.g. the first model, with no labels yet)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the engine.", DefaultValueFactory = _ => 1 };
        var enrichment = new EnrichmentOptions();
        var command = new Command("promote", "Put a model version in force, only when it beats the one in force on recent labels (or with --force).");
        foreach (var o in new Option[] { dataDir, version, labels, force, seed })
        {
            command.Options.Add(o);
        }

        enrichment.AddTo(command);
        command.SetAction(parse =>
        {
            try
            {
                return RunPromote(parse.GetValue(dataDir)!, parse.GetValue(version), parse.GetValue(labels), parse.GetValue(force), parse.GetValue(seed),
                    parse.GetValue(enrichment.GeoCity), parse.GetValue(enrichment.GeoAsn), parse.GetValue(enrichment.IpLists));
            }
            catch (CommandLineException ex)
            {
                foreach (string e in ex.Errors)
                {
                    Console.Error.WriteLine("vigil model promote: " + e);
                }

                return 2;
            }
        });
        return command;
    }

    private static int RunPromote(string dataDir, long? version, string? labelsPath, bool force, int seed, FileInfo? geoCity, FileInfo? geoAsn, string[]? ipLists)
    {
        var errors = new List<string>();
        if (!Directory.Exists(dataDir))
        {
            errors.Add($"--data-dir: '{dataDir}' does not exist.");
        }

        if (labelsPath is null && !force)
        {
            errors.Add("--labels: give recent labelled telemetry to compare the candidate with the model in force, or --force to promote without it.");
        }
        else if (labelsPath is not null && !File.Exists(labelsPath))
        {
            errors.Add($"--labels: file '{labelsPath}' does not exist.");
        }

        if (errors.Count > 0)
        {
            throw new CommandLineException(errors);
        }

        using var store = VigilStore.Open(dataDir, TimeProvider.System);
        long? candidateVersion = version ?? store.ModelInShadow();
        if (candidateVersion is null || store.GetModel(candidateVersion.Value) is not { } candidateBytes)
        {
            throw new CommandLineException([version is null ? "--version: there is no model in shadow; give a version (vigil model list)." : $"--version: there is no model version {version}."]);
        }

        long? inForceVersion = store.ModelInForce();
        if (inForceVersion == candidateVersion)
        {
            Console.Out.WriteLine($"version {candidateVersion} is already in force");
            return 0;
        }

        var candidate = Parse(candidateBytes, $"version {candidateVersion}");
        if (!force)
        {
            var inForce = inForceVersion is { } v ? Parse(store.GetModel(v)!, $"version {v}") : null;
            var enricher = EnricherFactory.Create(geoCity, geoAsn, ipLists, out var geo);
            using var geoDatabase = geo;
            ShadowComparison comparison;
            using (var stream = File.OpenRead(labelsPath!))
            {
                comparison = ShadowComparison.Run(stream, inForce, candidate, seed, enricher);
            }

            var c = CultureInfo.InvariantCulture;
            Console.Out.WriteLine(string.Create(c, $"{comparison.Candidate.Positives:N0} attack and {comparison.Candidate.Negatives:N0} legitimate events labelled"));
            Console.Out.WriteLine(string.Create(c, $"in force ({(inForceVersion is null ? "none" : "version " + inForceVersion)}): ROC AUC {comparison.InForce.RocAuc():0.000}, average precision {comparison.InForce.AveragePrecision():0.000}"));
            Console.Out.WriteLine(string.Create(c, $"candidate (version {candidateVersion}): ROC AUC {comparison.Candidate.RocAuc():0.000}, average precision {comparison.Candidate.AveragePrecision():0.000}"));
            if (!comparison.CandidateWins)
            {
                Console.Out.WriteLine($"not promoted: version {candidateVersion} does not beat the model in force on these labels");
                return 1;
            }
        }

        store.PromoteModel(candidateVersion.Value, Environment.UserName, force ? "promoted with --force" : $"beat the model in force on {Path.GetFileName(labelsPath)}");
        Console.Out.WriteLine($"version {candidateVersion} is in force");
        return 0;
    }

    private static Command Rollback()
    {
        var dataDir = DataDir();
        var command = new Command("rollback", "Put back the model that was in force before the current one (none after the first).");
        command.Options.Add(dataDir);
        command.SetAction(parse =>
        {
            string dir = parse.GetValue(dataDir)!;
            if (!Directory.Exists(dir))
            {
                Console.Error.WriteLine($"vigil model rollback: --data-dir '{dir}' does not exist.");
                return 2;
            }

            using var store = VigilStore.Open(dir, TimeProvider.System);
            try
            {
                long? now = store.RollbackModel(Environment.UserName, "vigil model rollback");
                Console.Out.WriteLine(now is null ? "no model is in force now (the supervised family is inert)" : $"version {now} is in force");
                return 0;
            }
            catch (InvalidOperationException ex)
            {
                Console.Error.WriteLine("vigil model rollback: " + ex.Message);
                return 1;
            }
        });
        return command;
    }

    private static SupervisedModel Parse(byte[] bytes, string what)
    {
        try
        {
            return SupervisedModel.Read(new MemoryStream(bytes));
        }
        catch (InvalidDataException ex)
        {
            throw new CommandLineException([$"stored model {what} is not usable: {ex.Message}"]);
        }
    }

    private static Command Calibrate()
    {
        var input = new Option<string>("--input", "-i") { Description = "Labelled telemetry (ECS NDJSON) held out from training: the outcomes to calibrate on.", Required = true };
        var model = new Option<string>("--model", "-m") { Description = "The model file to calibrate, or 'starter'.", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the calibrated model (omit to print the reliability table only)." };
        var check = new Option<string?>("--check") { Description = "A second held-out labelled stream: prints the reliability table before and after calibration on it." };
        var seed = new Option<int>("--seed") { Description = "Seed of the engine.", DefaultValueFactory = _ => 1 };
        var enrichment = new EnrichmentOptions();
        var command = new Command("calibrate", "Fit isotonic calibration of a model's probabilities on labelled outcomes and print reliability tables.");
        foreach (var o in new Option[] { input, model, output, check, seed })
        {
            command.Options.Add(o);
        }

        enrichment.AddTo(command);
        command.SetAction(parse =>
        {
            try
            {
                return RunCalibrate(parse.GetValue(input)!, parse.GetValue(model)!, parse.GetValue(output), parse.GetValue(check), parse.GetValue(seed),
                    parse.GetValue(enrichment.GeoCity), parse.GetValue(enrichment.GeoAsn), parse.GetValue(enrichment.IpLists));
            }
            catch (CommandLineException ex)
            {
                foreach (string e in ex.Errors)
                {
                    Console.Error.WriteLine("vigil model calibrate: " + e);
                }

                return 2;
            }
        });
        return command;
    }

    private static int RunCalibrate(string inputPath, string modelPath, string? outputPath, string? checkPath, int seed, FileInfo? geoCity, FileInfo? geoAsn, string[]? ipLists)
    {
        var errors = new List<string>();
        foreach (var (option, path) in new[] { ("--input", inputPath), ("--check", checkPath) })
        {
            if (path is not null && !File.Exists(path))
            {
                errors.Add($"{option}: file '{path}' does not exist.");
            }
        }

        var model = LoadModel(modelPath, "--model", errors);
        if (errors.Count > 0 || model is null)
        {
            throw new CommandLineException(errors);
        }

        var enricher = EnricherFactory.Create(geoCity, geoAsn, ipLists, out var geo);
        using var geoDatabase = geo;
        var uncalibrated = model.WithCalibration(null);
        List<(double Probability, bool Attack)> labelled;
        using (var stream = File.OpenRead(inputPath))
        {
            labelled = ReliabilityTable.Score(stream, uncalibrated, seed, enricher);
        }

        var calibration = IsotonicCalibration.Fit(labelled);
        if (calibration is null)
        {
            Console.Error.WriteLine($"vigil model calibrate: --input has {labelled.Count(l => l.Attack):N0} attack and {labelled.Count(l => !l.Attack):N0} legitimate events; calibration needs at least 50 with both outcomes.");
            return 1;
        }

        var calibrated = uncalibrated.WithCalibration(calibration);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fitted on {labelled.Count:N0} events ({labelled.Count(l => l.Attack):N0} attack): {calibration.Points.Count} points"));
        if (checkPath is not null)
        {
            List<(double Probability, bool Attack)> before;
            using (var stream = File.OpenRead(checkPath))
            {
                before = ReliabilityTable.Score(stream, uncalibrated, seed, enricher);
            }

            var raw = new ReliabilityTable();
            var after = new ReliabilityTable();
            foreach (var (p, attack) in before)
            {
                raw.Add(p, attack);
                // The same events: the supervised factor changes the fused score, not the model's own input vector.
                after.Add(calibration.Map(p), attack);
            }

            Print("before (Platt scaling from training)", raw);
            Print("after (isotonic on --input)", after);
        }

        if (outputPath is not null)
        {
            using var file = File.Create(outputPath);
            calibrated.Write(file);
            Console.Out.WriteLine($"wrote {outputPath}");
        }

        return 0;
    }

    private static void Print(string title, ReliabilityTable table)
    {
        var c = CultureInfo.InvariantCulture;
        Console.Out.WriteLine(string.Create(c, $"{title}: expected calibration error {table.ExpectedCalibrationError():0.0000}"));
        Console.Out.WriteLine("| predicted | events | mean predicted | observed attack rate |");
        Console.Out.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var row in table.Rows())
        {
            Console.Out.WriteLine(string.Create(c, $"| {row.From:0.00}-{row.To:0.00} | {row.Events:N0} | {row.Predicted:0.0000} | {row.Observed:0.0000} |"));
        }
    }

    private static Command Train()
    {
        var input = new Option<string>("--input", "-i") { Description = "Labelled telemetry as ECS NDJSON (labels.attack_type marks attacks), e.g. from vigil simulate.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "The model file to write.", Required = true };
        var name = new Option<string?>("--name") { Description = "The model's name (default: the output file's name without extension)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the engine and of training (same seed, same model).", DefaultValueFactory = _ => 1 };
        var trees = new Option<int>("--trees") { Description = "Boosting rounds (1..5000).", DefaultValueFactory = _ => new TrainerSettings().Trees };
        var leaves = new Option<int>("--leaves") { Description = "Leaves per tree (2..256).", DefaultValueFactory = _ => new TrainerSettings().Leaves };
        var sampling = new Option<int>("--legitimate-sampling") { Description = "Keep one legitimate event in N, weighted N (1..10000).", DefaultValueFactory = _ => new TrainingSetOptions().LegitimateSampling };
        var exclude = new Option<string[]>("--exclude-attack") { Description = "Leave out an attack type (repeatable): the adaptation experiment." };
        var maxLabels = new Option<string[]>("--max-labels") { Description = "TYPE=N: at most the first N labelled events of an attack type (repeatable)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Also store the model in this service data directory, as the shadow of the model in force." };
        var enrichment = new EnrichmentOptions();
        var command = new Command("train", "Train the supervised family (FastTree, one thread, fixed seed) on a labelled stream and write the model file.");
        foreach (var o in new Option[] { input, output, name, seed, trees, leaves, sampling, exclude, maxLabels, dataDir })
        {
            command.Options.Add(o);
        }

        enrichment.AddTo(command);
        command.SetAction(parse =>
        {
            try
            {
                return RunTrain(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(name), parse.GetValue(seed), parse.GetValue(trees), parse.GetValue(leaves),
                    parse.GetValue(sampling), parse.GetValue(exclude) ?? [], parse.GetValue(maxLabels) ?? [],
                    parse.GetValue(enrichment.GeoCity), parse.GetValue(enrichment.GeoAsn), parse.GetValue(enrichment.IpLists), parse.GetValue(dataDir));
            }
            catch (CommandLineException ex)
            {
                foreach (string e in ex.Errors)
                {
                    Console.Error.WriteLine("vigil model train: " + e);
                }

                return 2;
            }
        });
        return command;
    }

    private static int RunTrain(string inputPath, string outputPath, string? name, int seed, int trees, int leaves, int sampling, string[] exclude, string[] maxLabels,
        FileInfo? geoCity, FileInfo? geoAsn, string[]? ipLists, string? dataDir)
    {
        var errors = new List<string>();
        if (dataDir is not null && !Directory.Exists(dataDir))
        {
            errors.Add($"--data-dir: '{dataDir}' does not exist.");
        }

        if (!File.Exists(inputPath))
        {
            errors.Add($"--input: file '{inputPath}' does not exist.");
        }

        if (trees is < 1 or > 5_000)
        {
            errors.Add($"--trees is {trees}; it must be between 1 and 5000.");
        }

        if (leaves is < 2 or > 256)
        {
            errors.Add($"--leaves is {leaves}; it must be between 2 and 256.");
        }

        if (sampling is < 1 or > 10_000)
        {
            errors.Add($"--legitimate-sampling is {sampling}; it must be between 1 and 10000.");
        }

        var caps = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string cap in maxLabels)
        {
            int eq = cap.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !int.TryParse(cap.AsSpan(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            {
                errors.Add($"--max-labels '{cap}': write TYPE=N, e.g. account_takeover=10.");
                continue;
            }

            caps[cap[..eq]] = n;
        }

        if (errors.Count > 0)
        {
            throw new CommandLineException(errors);
        }

        var enricher = EnricherFactory.Create(geoCity, geoAsn, ipLists, out var geo);
        using var geoDatabase = geo;
        var options = new TrainingSetOptions
        {
            Seed = seed,
            LegitimateSampling = sampling,
            ExcludedAttackTypes = new HashSet<string>(exclude, StringComparer.Ordinal),
            MaxLabelsPerType = caps,
        };
        TrainingSet set;
        using (var stream = File.OpenRead(inputPath))
        {
            set = TrainingSet.Build(stream, options, enricher);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var model = SupervisedTrainer.Train(set, name ?? Path.GetFileNameWithoutExtension(outputPath), new TrainerSettings { Seed = seed, Trees = trees, Leaves = leaves });
        using (var file = File.Create(outputPath))
        {
            model.Write(file);
        }

        int positives = set.Examples.Count(e => e.Label);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model {model.Name}: {model.TreeCount} trees, {model.NodeCount} splits over {VigilEngine.SupervisedFeatureCount} features, {new FileInfo(outputPath).Length:N0} bytes"));
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained on {set.Examples.Count:N0} rows ({positives:N0} attack, {set.Examples.Count - positives:N0} legitimate sampled 1 in {sampling}) from {set.Events:N0} events in {clock.Elapsed.TotalSeconds:0.0} s"));
        foreach (var group in set.Examples.Where(e => e.Label).GroupBy(e => e.AttackType!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Key}: {group.Count():N0} labelled events"));
        }

        if (dataDir is not null)
        {
            using var store = VigilStore.Open(dataDir, TimeProvider.System);
            long version = store.AddModel(model.Name, File.ReadAllBytes(outputPath), Environment.UserName,
                string.Create(CultureInfo.InvariantCulture, $"trained on {Path.GetFileName(inputPath)}: {positives:N0} attack rows, seed {seed}"));
            Console.Out.WriteLine($"stored as version {version}, in shadow (vigil model promote --data-dir {dataDir} --labels RECENT.ndjson)");
        }

        return 0;
    }
}
