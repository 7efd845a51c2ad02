using System.CommandLine;
using System.Globalization;
using Vigil.Cli.Output;
using Vigil.Core.Decisions;
using Vigil.Core.Engine;
using Vigil.Core.Pipeline;
using Vigil.Core.Policies;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil policy check</c> and <c>vigil policy what-if</c>.</summary>
internal static class PolicyCommand
{
    public static Command Create()
    {
        var command = new Command("policy", "Validate policies and see what a draft would change before enforcing it.");
        command.Subcommands.Add(Check());
        command.Subcommands.Add(WhatIf());
        command.Subcommands.Add(Tune());
        return command;
    }

    private static Command Check()
    {
        var file = new Argument<string>("file") { Description = "Policy document (YAML or JSON)." };
        var data = new Option<string[]>("--data") { Description = "Policy data file; repeatable." };
        var command = new Command("check", "Validate a policy: every error with file:line:column and how to fix it. Exit 1 when invalid.") { file, data };
        command.SetAction(parse =>
        {
            var policy = PolicyCompiler.CompileFiles(parse.GetValue(file)!, parse.GetValue(data) ?? [], out var diagnostics);
            foreach (var d in diagnostics)
            {
                Console.Error.WriteLine(d.ToString());
            }

            if (policy is null)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{diagnostics.Count} problem(s); the policy is not valid."));
                return 1;
            }

            var warnings = PolicyWarnings.Find(policy.Document, parse.GetValue(file)!);
            foreach (var w in warnings)
            {
                Console.Error.WriteLine(w.ToString());
            }

            int rules = policy.Document.Segments.Sum(s => s.Rules.Count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{parse.GetValue(file)}: valid{(warnings.Count > 0 ? $" with {warnings.Count} warning(s)" : "")}. Version {policy.Version}, {policy.Document.Segments.Count} segments, {rules} rules, {policy.Data.Subjects.Count} subjects and {policy.Data.Resources.Count} resources in data."));
            return 0;
        });
        return command;
    }

    private static Command WhatIf()
    {
        var draft = new PolicyOptions("--policy", "The draft policy to evaluate.");
        var baseline = new Option<string?>("--baseline") { Description = "The policy in force today; the shipped default when absent." };
        var input = new Option<string>("--input", "-i") { Description = "Recorded telemetry (ECS NDJSON).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the randomised models.", DefaultValueFactory = _ => 1 };
        var enrichment = new EnrichmentOptions();
        var command = new Command("what-if", "Replay recorded telemetry and report how decisions would change under a draft policy.");
        draft.AddTo(command);
        command.Options.Add(baseline);
        command.Options.Add(input);
        command.Options.Add(seed);
        enrichment.AddTo(command);
        command.SetAction(parse =>
        {
            try
            {
                string? draftPath = parse.GetValue(draft.Policy) ?? throw new CommandLineException(["--policy: name the draft policy file."]);
                string inputPath = parse.GetValue(input)!;
                if (!File.Exists(inputPath))
                {
                    throw new CommandLineException([$"--input: file '{inputPath}' does not exist."]);
                }

                var draftPolicy = PolicyOptions.Load(draftPath, parse.GetValue(draft.Data));
                var baselinePolicy = PolicyOptions.Load(parse.GetValue(baseline), parse.GetValue(draft.Data));
                var comparison = new WhatIfComparison();
                // Enriched like vigil score and the service: without the same GeoIP and lists, a what-if would miss
                // every location and anonymiser reason the policy acts on.
                var enricher = enrichment.Open(parse, out var geo);
                using var geoDatabase = geo;
                var pipeline = new ReplayPipeline(new VigilEngine(new VigilEngineOptions { Seed = parse.GetValue(seed) }), draftPolicy, enricher);
                using var stream = File.OpenRead(inputPath);
                long errors = 0;
                pipeline.Run(stream, (in ScoredEvent s) => comparison.Add(s, baselinePolicy.Decide(s.Event, s.Assessment)), (_, _) => errors++);
                WhatIfPrinter.Print(Console.Out, comparison, baselinePolicy.Version, draftPolicy.Version, errors);
                return 0;
            }
            catch (CommandLineException ex)
            {
                foreach (string e in ex.Errors)
                {
                    Console.Error.WriteLine("vigil policy what-if: " + e);
                }

                return 2;
            }
        });
        return command;
    }

    private static Command Tune()
    {
        var policy = new PolicyOptions("--policy", "The policy whose segments are tuned; the shipped default when absent.");
        var input = new Option<string>("--input", "-i") { Description = "Recent telemetry (ECS NDJSON); with labels.attack_type, the detection each band buys is shown.", Required = true };
        var target = new Option<double>("--target-challenge-rate") { Description = "Share of legitimate access attempts each segment may challenge (0.0001..0.5).", DefaultValueFactory = _ => 0.02 };
        var minimum = new Option<int>("--min-events") { Description = "Legitimate events a segment needs before its bands are tuned (1..10000000).", DefaultValueFactory = _ => 200 };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the draft policy (YAML) for vigil policy what-if." };
        var model = new Option<string?>("--model") { Description = "Score with the supervised family: a model file or 'starter'." };
        var seed = new Option<int>("--seed") { Description = "Seed of the randomised models.", DefaultValueFactory = _ => 1 };
        var enrichment = new EnrichmentOptions();
        var command = new Command("tune", "Propose risk bands per segment for a target challenge rate on recent traffic, and write a draft policy.");
        policy.AddTo(command);
        foreach (var o in new Option[] { input, target, minimum, output, model, seed })
        {
            command.Options.Add(o);
        }

        enrichment.AddTo(command);
        command.SetAction(parse =>
        {
            try
            {
                return RunTune(parse.GetValue(policy.Policy), parse.GetValue(policy.Data), parse.GetValue(input)!, parse.GetValue(target), parse.GetValue(minimum),
                    parse.GetValue(output), parse.GetValue(model), parse.GetValue(seed), parse.GetValue(enrichment.GeoCity), parse.GetValue(enrichment.GeoAsn), parse.GetValue(enrichment.IpLists));
            }
            catch (CommandLineException ex)
            {
                foreach (string e in ex.Errors)
                {
                    Console.Error.WriteLine("vigil policy tune: " + e);
                }

                return 2;
            }
        });
        return command;
    }

    private static int RunTune(string? policyPath, string[]? data, string inputPath, double target, int minimum, string? outputPath, string? modelPath, int seed,
        FileInfo? geoCity, FileInfo? geoAsn, string[]? ipLists)
    {
        var errors = new List<string>();
        if (!File.Exists(inputPath))
        {
            errors.Add($"--input: file '{inputPath}' does not exist.");
        }

        if (double.IsNaN(target) || target is < 0.0001 or > 0.5)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"--target-challenge-rate is {target}; it must be between 0.0001 and 0.5 (0.02 is 2%)."));
        }

        if (minimum is < 1 or > 10_000_000)
        {
            errors.Add($"--min-events is {minimum}; it must be between 1 and 10000000.");
        }

        var supervised = ModelCommand.LoadModel(modelPath, "--model", errors);
        if (errors.Count > 0)
        {
            throw new CommandLineException(errors);
        }

        var compiled = PolicyOptions.Load(policyPath, data);
        string yaml = policyPath is null ? DefaultPolicyText() : File.ReadAllText(policyPath);
        var enricher = EnricherFactory.Create(geoCity, geoAsn, ipLists, out var geo);
        using var geoDatabase = geo;
        var tuner = new PolicyTuner(target, minimum);
        var pipeline = new ReplayPipeline(new VigilEngine(new VigilEngineOptions { Seed = seed, SupervisedModel = supervised }), compiled, enricher);
        long rejected = 0;
        using (var stream = File.OpenRead(inputPath))
        {
            pipeline.Run(stream, (in ScoredEvent s) => tuner.Add(s), (_, _) => rejected++);
        }

        var proposals = tuner.Propose(compiled);
        var c = CultureInfo.InvariantCulture;
        Console.Out.WriteLine(string.Create(c, $"target: challenge at most {target:0.##%} of each segment's legitimate access attempts ({rejected:N0} lines rejected)"));
        Console.Out.WriteLine("| segment | legitimate | attacks | step_up_at | limit_at | deny_at | challenged | attacks challenged |");
        Console.Out.WriteLine("| --- | ---: | ---: | --- | --- | --- | ---: | ---: |");
        foreach (var p in proposals)
        {
            string Band(int now, int was) => now == was ? now.ToString(c) : string.Create(c, $"{now} (was {was})");
            Console.Out.WriteLine(string.Create(c,
                $"| {p.Segment}{(p.Changed ? "" : " (kept: too few events)")} | {p.Legitimate:N0} | {p.Attacks:N0} | {Band(p.Proposed.StepUpAt, p.Current.StepUpAt)} | {Band(p.Proposed.LimitAt, p.Current.LimitAt)} | {Band(p.Proposed.DenyAt, p.Current.DenyAt)} | {Pct(p.ChallengeRate)} | {Pct(p.Detection)} |"));
        }

        if (outputPath is not null)
        {
            string draft = PolicyTuner.Draft(yaml, compiled.Version + "-tuned", proposals);
            if (PolicyCompiler.CompileText(draft, outputPath, out var diagnostics) is null)
            {
                throw new CommandLineException([.. diagnostics.Select(d => "the draft does not compile: " + d)]);
            }

            File.WriteAllText(outputPath, draft);
            Console.Out.WriteLine($"draft: {outputPath} (try it: vigil policy what-if --policy {outputPath} --input {inputPath})");
        }

        return 0;
    }

    private static string Pct(double rate) => double.IsNaN(rate) ? "-" : rate.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string DefaultPolicyText()
    {
        using var stream = typeof(PolicyCompiler).Assembly.GetManifestResourceStream("Vigil.Core.Policies.default-policy.yaml")
            ?? throw new InvalidOperationException("The default policy is not embedded in Vigil.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
