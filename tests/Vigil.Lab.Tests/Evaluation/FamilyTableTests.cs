using System.Text;
using Vigil.Core.Engine;
using Vigil.Core.Policies;
using Vigil.Lab.Evaluation;
using Vigil.Lab.Reporting;
using Vigil.Lab.Simulation;

namespace Vigil.Lab.Tests.Evaluation;

public sealed class FamilyTableTests
{
    private static byte[] SimulateAgents()
    {
        using var stream = new MemoryStream();
        new TelemetrySimulator(new SimulationOptions
        {
            Seed = 3,
            Humans = 20,
            Workloads = 2,
            Agents = 6,
            Days = 7,
            AttackCampaignsPerWeek = 10,
            AttackMix = new Dictionary<AttackType, double> { [AttackType.AgentHijack] = 2, [AttackType.CredentialStuffing] = 1 },
        }).Run(stream);
        return stream.ToArray();
    }

    [Fact]
    public void Create_ThisBuild_OneRowPerFamilyFlagPlusFusedAndItsAblation()
    {
        var rows = FamilyRow.Create(withSupervisedModel: false);
        Assert.Equal(["unsupervised", "graph", "language", "fused", "fused-no-language"], rows.Select(r => r.Name));
        Assert.Equal(
            ["unsupervised", "supervised (stacked on unsupervised)", "graph", "language", "fused", "fused-no-language"],
            FamilyRow.Create(withSupervisedModel: true).Select(r => r.Name));
        Assert.Equal(DetectorFamilies.All, rows.Single(r => r.Name == "fused").Families);
        Assert.Equal(DetectorFamilies.None, rows.Single(r => r.Name == "unsupervised").Families & (DetectorFamilies.Graph | DetectorFamilies.Language));
        Assert.All(rows.Where(r => r.Name != "supervised"), r => Assert.Equal("n/a", r.Adaptation));
    }

    [Fact]
    public void Run_MeasureFamilies_EveryRowScoresTheSameEventsAndLanguageSeesTheHijacks()
    {
        var policy = PolicyCompiler.Default();
        var result = new Evaluator(policy, policy.Version) { MeasureFamilies = true, TextEmbedder = new WordEmbedder() }.Run(new MemoryStream(SimulateAgents()));

        var rows = Assert.IsType<IReadOnlyList<FamilyRow>>(result.Families, exactMatch: false);
        Assert.All(rows, r =>
        {
            Assert.Equal(result.Models[0].All.Positives, r.Metrics.All.Positives);
            Assert.Equal(result.Scored, r.Latency.Count);
            Assert.True(r.Latency.Quantile(0.5) > 0);
        });
        var language = rows.Single(r => r.Name == "language");
        Assert.True(language.Metrics.ForType("agent_hijack").DetectionAt(0.01, language.Metrics.All).DetectionRate > 0, "injected calls are caught by words alone");
        Assert.Equal(1.0, language.Explainability);

        var text = new StringWriter();
        SummaryTable.PrintFamilies(text, rows);
        Assert.Contains("fused-no-language", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("agent_hijack", text.ToString(), StringComparison.Ordinal);

        var html = new StringWriter();
        ReportHtmlWriter.Write(result, html);
        Assert.Contains("<h2>Model families, measured</h2>", html.ToString(), StringComparison.Ordinal);
        using var json = new MemoryStream();
        ReportJsonWriter.Write(result, json);
        using var doc = System.Text.Json.JsonDocument.Parse(json.ToArray());
        Assert.Equal(rows.Count, doc.RootElement.GetProperty("families").GetArrayLength());
        Assert.True(doc.RootElement.GetProperty("families")[0].GetProperty("latency_p99_us").GetDouble() > 0);
    }

    [Fact]
    public void Run_WithoutFamilies_HasNoFamilyTable()
    {
        var policy = PolicyCompiler.Default();
        var result = new Evaluator(policy, policy.Version).Run(new MemoryStream(Encoding.UTF8.GetBytes("")));
        Assert.Null(result.Families);
    }

    [Fact]
    public void Quantile_KnownSamples_WithinTwoPercent()
    {
        var h = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++)
        {
            h.Add(i * 1000.0); // 1 us .. 1 ms
        }

        Assert.InRange(h.Quantile(0.5), 500_000 * 0.98, 500_000 * 1.04);
        Assert.InRange(h.Quantile(0.99), 990_000 * 0.98, 990_000 * 1.04);
        Assert.True(double.IsNaN(new LatencyHistogram().Quantile(0.5)));
    }

    [Fact]
    public void Simulate_AgentHijack_WritesTheTaskAndInjectedCallsInWords()
    {
        string ndjson = Encoding.UTF8.GetString(SimulateAgents());
        var hijack = ndjson.Split('\n').Where(l => l.Contains("\"agent_hijack\"", StringComparison.Ordinal) && l.Contains("\"tool\"", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(hijack);
        Assert.All(hijack, l => Assert.Contains("\"description\"", l, StringComparison.Ordinal));
        Assert.Contains(hijack, l => l.Contains("Global Administrator", StringComparison.Ordinal) || l.Contains("export", StringComparison.Ordinal)
            || l.Contains("secrets", StringComparison.Ordinal) || l.Contains("protonmail", StringComparison.Ordinal) || l.Contains("mfa", StringComparison.Ordinal)
            || l.Contains("delete_logs", StringComparison.Ordinal) || l.Contains("paste", StringComparison.Ordinal) || l.Contains("api_key", StringComparison.Ordinal));
        Assert.Contains(ndjson.Split('\n'), l => l.Contains("\"message\":\"Invalid username or password.\"", StringComparison.Ordinal)
            || l.Contains("\"message\":\"Authentication failed: INVALID_CREDENTIALS\"", StringComparison.Ordinal));
    }
}
