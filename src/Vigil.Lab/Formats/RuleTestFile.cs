using System.Text;
using System.Text.Json;

namespace Vigil.Lab.Formats;

/// <summary>
/// Reads the rule-test samples (one JSON object a line: <c>rule_id</c>, <c>test_name</c>, <c>log_types</c>,
/// <c>expected_result</c>, <c>log</c>; see tests/Vigil.Core.Tests/TestData/log-samples/README.md). The raw event is
/// kept as the exact bytes a reader would get from a log file.
/// </summary>
public static class RuleTestFile
{
    public static List<RuleTestCase> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var cases = new List<RuleTestCase>();
        long number = 0;
        while (reader.ReadLine() is string line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var types = new List<string>();
            if (root.TryGetProperty("log_types", out var logTypes) && logTypes.ValueKind == JsonValueKind.Array)
            {
                foreach (var type in logTypes.EnumerateArray())
                {
                    types.Add(type.GetString() ?? string.Empty);
                }
            }

            byte[]? log = root.TryGetProperty("log", out var raw) && raw.ValueKind == JsonValueKind.Object ? Encoding.UTF8.GetBytes(raw.GetRawText()) : null;
            cases.Add(new RuleTestCase(
                number,
                root.TryGetProperty("rule_id", out var rule) ? rule.GetString() ?? "" : "",
                root.TryGetProperty("test_name", out var test) ? test.GetString() ?? "" : "",
                types,
                root.TryGetProperty("expected_result", out var expected) && expected.ValueKind == JsonValueKind.True,
                log));
        }

        return cases;
    }
}
