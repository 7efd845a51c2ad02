using System.Text;
using Vigil.Core.Policies;
using Vigil.Lab.Datasets;
using Vigil.Lab.Evaluation;
using Vigil.Lab.Reporting;
using Vigil.Lab.Simulation;

namespace Vigil.Lab.Tests.Evaluation;

public sealed class EvaluatorTests
{
    private static byte[] Simulate(int seed = 5)
    {
        using var stream = new MemoryStream();
        new TelemetrySimulator(new SimulationOptions { Seed = seed, Humans = 60, Workloads = 6, Agents = 4, Days = 10, AttackCampaignsPerWeek = 20 }).Run(stream);
        return stream.ToArray();
    }

    private static EvaluationResult Evaluate(byte[] events)
    {
        var policy = PolicyCompiler.Default();
        return new Evaluator(policy, policy.Version).Run(new MemoryStream(events));
    }

    [Fact]
    public void Run_SimulatedOrganisation_MeasuresEveryModelAndAttackType()
    {
        var result = Evaluate(Simulate());

        Assert.Equal(["vigil", "freeman-2016", "rules-only", "vigil-no-graph", Evaluator.NoLinkName, Evaluator.MidasFName, "midas-r"], result.Models.Select(m => m.Name));
        Assert.True(result.Models[0].All.Positives > 0 && result.Models[0].All.Negatives > 0);
        Assert.InRange(result.Models[0].All.RocAuc(), 0.5, 1.0);
        Assert.NotEmpty(result.Campaigns);
        Assert.All(result.Campaigns.Values, c => Assert.True(c.Events > 0));
        Assert.Equal(result.Models[0].All.Positives, result.Attacks.Events);
        Assert.NotEmpty(result.Days);
        Assert.NotEmpty(result.Detectors);
    }

    [Fact]
    public void Run_SameInputTwice_SameNumbers()
    {
        var events = Simulate(9);
        var a = Evaluate(events);
        var b = Evaluate(events);
        Assert.Equal(a.Models[0].All.RocAuc(), b.Models[0].All.RocAuc());
        Assert.Equal(a.LegitimateSignIns.Challenged, b.LegitimateSignIns.Challenged);
        Assert.Equal(a.Campaigns.Values.Count(c => c.Caught), b.Campaigns.Values.Count(c => c.Caught));
    }

    [Fact]
    public void Reports_AreWrittenAndSelfContained()
    {
        var result = Evaluate(Simulate());
        using var json = new MemoryStream();
        ReportJsonWriter.Write(result, json);
        using var doc = System.Text.Json.JsonDocument.Parse(json.ToArray());
        Assert.Equal(7, doc.RootElement.GetProperty("models").GetArrayLength()); // vigil, three references, vigil-no-link, midas-f, midas-r
        Assert.True(doc.RootElement.GetProperty("policy").GetProperty("legitimate_sign_ins").GetProperty("events").GetInt64() > 0);

        var html = new StringWriter();
        ReportHtmlWriter.Write(result, html);
        string page = html.ToString();
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("ROC", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PermittedAttacksAndChallengedLegitimateAccess_AreListedForTheAnalyst()
    {
        var result = Evaluate(Simulate());

        // Every permitted attack event is counted per type; the first ones of each type are kept with their reasons.
        foreach (var (type, counts) in result.AttacksByType)
        {
            long missed = counts.Events - counts.Challenged;
            Assert.Equal(Math.Min(missed, EvaluationResult.MaxMissedPerType), result.MissedAttacks.Count(m => m.AttackType == type));
        }

        Assert.Contains(result.MissedAttacks, m => m.Reasons.Count > 0 && m.Reasons[0].StartsWith("VG", StringComparison.Ordinal));
        Assert.Equal(result.LegitimateAccess.Challenged, result.FalseChallenges.Total);
        Assert.Equal(result.FalseChallenges.Total, result.FalseChallenges.ByReason.Values.Sum());
        Assert.Equal(result.FalseChallenges.Total, result.FalseChallenges.ByIdentity.Values.Sum() + result.FalseChallenges.OtherIdentities);
    }

    [Fact]
    public void Reports_ShowWhatAnAnalystLooksFor()
    {
        var result = Evaluate(Simulate());
        var html = new StringWriter();
        ReportHtmlWriter.Write(result, html);
        string page = html.ToString();

        // The log axis's left end reads 1e-4, not "0"; the per-type ranking chart no longer mixes in the policy.
        Assert.Contains(">1e-4</text>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("policy catch rate</text>", page, StringComparison.Ordinal);
        Assert.Contains("Share of attack events the active policy challenges", page, StringComparison.Ordinal);
        // The time chart is labelled with dates; a clipped peak says so.
        Assert.Contains(result.Days.Keys.First().ToString("MMM d", System.Globalization.CultureInfo.InvariantCulture) + "</text>", page, StringComparison.Ordinal);
        Assert.Contains("(off scale)", page, StringComparison.Ordinal);
        foreach (string section in new[] { "threshold at 1.0% false challenges", "<h2>Campaigns</h2>", "<h2>Missed attack events</h2>", "<h2>False challenges</h2>", "high-water mark" })
        {
            Assert.Contains(section, page, StringComparison.Ordinal);
        }

        foreach (var campaign in result.Campaigns.Keys)
        {
            Assert.Contains(">" + campaign + "<", page, StringComparison.Ordinal);
        }

        using var json = new MemoryStream();
        ReportJsonWriter.Write(result, json);
        var root = System.Text.Json.JsonDocument.Parse(json.ToArray()).RootElement;
        Assert.Equal(result.MissedAttacks.Count, root.GetProperty("missed_attack_events").GetArrayLength());
        Assert.Equal(result.FalseChallenges.Total, root.GetProperty("false_challenges").GetProperty("total").GetInt64());
        Assert.True(root.GetProperty("models")[0].GetProperty("threshold_at_fpr").GetProperty("0.01").GetDouble() >= 0);
    }

    [Fact]
    public void CsvEventSource_RbaLayout_ReadsSignInsWithLabels()
    {
        const string csv = """
            index,Login Timestamp,User ID,Round-Trip Time [ms],IP Address,Country,Region,City,ASN,User Agent String,Browser Name and Version,OS Name and Version,Device Type,Login Successful,Is Attack IP,Is Account Takeover
            0,2020-02-03 12:43:30.772,-4324475583306591935,,10.0.65.171,NO,-,-,29695,"Mozilla/5.0 (iPhone; CPU iPhone OS 13_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)",Chrome Mobile 81.0.4044,iOS 13.4,mobile,False,False,False
            1,2020-02-03 12:43:43.549,-4324475583306591935,,10.0.0.47,US,Virginia,Ashburn,393398,"Mozilla/5.0 (Linux; Android 4.1)",Android 2.3.3.2672,Android 4.1,mobile,True,True,True
            2,not a time,x,,10.0.0.1,US,-,-,1,ua,b,o,desktop,True,False,False
            """;
        var lines = new CsvEventSource(CsvColumnMap.RbaPreset).Read(new StringReader(csv)).ToList();
        Assert.Equal(3, lines.Count);
        Assert.True(lines[0].IsEvent);
        Assert.Equal("Chrome Mobile", lines[0].Event.Browser);
        Assert.Equal(81, lines[0].Event.BrowserMajor);
        Assert.Equal(29695u, lines[0].Event.AsNumber);
        Assert.Equal(Core.Telemetry.EventOutcome.Failure, lines[0].Event.Outcome);
        Assert.Null(lines[0].Event.AttackType);
        Assert.Equal("account_takeover", lines[1].Event.AttackType);
        Assert.Equal(4, lines[2].LineNumber);
        Assert.Contains("not a date-time", lines[2].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvColumnMap_Parse_ReportsUnknownFieldsAndMissingRequiredOnes()
    {
        CsvColumnMap.Parse("user=Who,colour=Red", out var errors);
        Assert.Contains(errors, e => e.Contains("'colour' is not a field", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("no 'timestamp' column", StringComparison.Ordinal));
    }
}
