using System.CommandLine;
using Vigil.Lab.Formats;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil formats coverage --input FILE</c>: measures the native-format readers on labelled rule-test samples and
/// replays the labelled cases through the engine; writes the Markdown tables of docs/connectors.md.
/// </summary>
internal static class FormatsCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "Rule-test samples: one JSON object a line with rule_id, test_name, log_types, expected_result and log.", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the Markdown; standard output when absent." };
        var coverage = new Command("coverage", "Share of sample events read and mapped per source, and which labelled rule cases Vigil flags.");
        coverage.Options.Add(input);
        coverage.Options.Add(output);
        coverage.SetAction(parse =>
        {
            string path = parse.GetValue(input)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"vigil formats coverage: --input: file '{path}' does not exist.");
                return 2;
            }

            List<RuleTestCase> cases;
            using (var reader = new StreamReader(path))
            {
                cases = RuleTestFile.Read(reader);
            }

            using var writer = parse.GetValue(output) is string target ? new StreamWriter(target) : new StreamWriter(Console.OpenStandardOutput());
            writer.WriteLine("## Read and mapped");
            writer.WriteLine();
            FormatCoverage.Write(FormatCoverage.Measure(cases), writer);
            writer.WriteLine();
            writer.WriteLine("## Labelled rule cases replayed");
            writer.WriteLine();
            var enricher = EnricherFactory.Create(null, null, null, out var geo);
            using (geo)
            {
                RuleReplay.Write(RuleReplay.Run(cases, enricher), writer);
            }

            return 0;
        });

        var command = new Command("formats", "Native identity-provider log formats (docs/connectors.md).");
        command.Subcommands.Add(coverage);
        return command;
    }
}
