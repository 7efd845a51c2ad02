using System.Text;
using System.Text.Json;

namespace Vigil.Core.Tests.TestSupport;

/// <summary>
/// The 891 labelled rule-test events in TestData/log-samples (Panther Analysis, Apache-2.0; see the NOTICE there):
/// the raw vendor event of each test as the exact bytes a log file would hold, with the Panther log type.
/// </summary>
internal static class LogSamples
{
    private static readonly Lazy<IReadOnlyList<(string LogType, string RuleId, byte[] Log)>> All = new(Load);

    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "log-samples", "rule_tests.jsonl");

    /// <summary>The events whose only log type is <paramref name="logType"/>.</summary>
    public static IEnumerable<byte[]> Of(string logType) => All.Value.Where(s => s.LogType == logType).Select(s => s.Log);

    private static List<(string, string, byte[])> Load()
    {
        var samples = new List<(string, string, byte[])>();
        foreach (string line in File.ReadLines(Path))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var types = root.GetProperty("log_types");
            if (types.GetArrayLength() == 1 && root.TryGetProperty("log", out var log) && log.ValueKind == JsonValueKind.Object)
            {
                samples.Add((types[0].GetString()!, root.GetProperty("rule_id").GetString()!, Encoding.UTF8.GetBytes(log.GetRawText())));
            }
        }

        return samples;
    }
}
