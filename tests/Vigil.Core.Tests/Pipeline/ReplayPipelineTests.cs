using System.Text;
using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Pipeline;
using Vigil.Core.Policies;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Tests.Pipeline;

public sealed class ReplayPipelineTests
{
    private static string TourFile()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, "examples", "tour.ndjson");
    }

    private static List<string> Run(byte[] input, int seed = 1)
    {
        var results = new List<string>();
        var pipeline = new ReplayPipeline(new VigilEngine(new VigilEngineOptions { Seed = seed }), PolicyCompiler.Default(), new EventEnricher());
        pipeline.Run(new MemoryStream(input), (in ScoredEvent s) =>
        {
            var sb = new StringBuilder().Append(s.Event.Id).Append(' ').Append(s.Assessment.Score).Append(' ').Append(s.Decision.WouldBe);
            for (int i = 0; i < s.Assessment.FactorCount; i++)
            {
                sb.Append(' ').Append(s.Assessment.Factor(i).ToString());
            }

            results.Add(sb.ToString());
        }, (_, _) => { });
        return results;
    }

    [Fact]
    public void Run_SameFileTwice_GivesIdenticalResults()
    {
        byte[] input = File.ReadAllBytes(TourFile());
        var first = Run(input);
        var second = Run(input);
        Assert.Equal(200, first.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Run_TourFile_FlagsTheAttacksItContains()
    {
        var results = Run(File.ReadAllBytes(TourFile()));
        Assert.Contains(results, r => r.Contains("VG1002", StringComparison.Ordinal));
        Assert.Contains(results, r => r.Contains("VG1102", StringComparison.Ordinal));
        Assert.Contains(results, r => r.Contains("VG1104", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_OutOfOrderWithinWindow_IsPutInTimeOrder()
    {
        string input = """
            {"@timestamp":"2026-03-02T08:00:30Z","user.id":"a","event.id":"second"}
            {"@timestamp":"2026-03-02T08:00:00Z","user.id":"a","event.id":"first"}
            {"@timestamp":"2026-03-02T08:05:00Z","user.id":"a","event.id":"third"}
            """;
        var order = Run(Encoding.UTF8.GetBytes(input)).Select(r => r.Split(' ')[0]).ToList();
        Assert.Equal(["first", "second", "third"], order);
    }
}
