using System.CommandLine;
using System.Globalization;
using Vigil.Cli.Output;
using Vigil.Core.Decisions;
using Vigil.Core.Engine;
using Vigil.Core.Policies;
using Vigil.Core.Replay;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil policy check</c> and <c>vigil policy what-if</c>.</summary>
internal static class PolicyCommand
{
    public static Command Create()
    {
        var command = new Command("policy", "Validate policies and see what a draft would change before enforcing it.");
        command.Subcommands.Add(Check());
        command.Subcommands.Add(WhatIf());
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
        var command = new Command("what-if", "Replay recorded telemetry and report how decisions would change under a draft policy.");
        draft.AddTo(command);
        command.Options.Add(baseline);
        command.Options.Add(input);
        command.Options.Add(seed);
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
                var pipeline = new ReplayPipeline(new VigilEngine(new VigilEngineOptions { Seed = parse.GetValue(seed) }), draftPolicy, new Core.Enrichment.EventEnricher());
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
}
