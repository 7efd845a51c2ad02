using System.Text.Json;

namespace Vigil.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class LabCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-lab-").FullName;

    [Fact]
    public void SimulateThenEvaluate_WritesReportsAndPrintsTheTable()
    {
        string events = Path.Combine(_dir, "events.ndjson");
        var sim = Cli.Invoke("simulate", "--humans", "40", "--workloads", "4", "--agents", "2", "--days", "7", "--attacks-per-week", "14", "--output", events, "--ip-lists", Path.Combine(_dir, "lists"));
        Assert.Equal(0, sim.Exit);
        Assert.Contains("events (", sim.Error, StringComparison.Ordinal);

        string report = Path.Combine(_dir, "report");
        var eval = Cli.Invoke("evaluate", "--input", events, "--report", report, "--quiet");
        Assert.Equal(0, eval.Exit);
        Assert.Contains("ROC AUC", eval.Out, StringComparison.Ordinal);
        Assert.Contains("freeman-2016", eval.Out, StringComparison.Ordinal);
        Assert.Contains("rules-only", eval.Out, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "report.json")));
        // vigil, freeman-2016, rules-only, vigil-no-graph, vigil-no-link, midas-f, midas-r
        Assert.Equal(7, json.RootElement.GetProperty("models").GetArrayLength());
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(report, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_BadOptions_NameTheSetting()
    {
        var r = Cli.Invoke("simulate", "--days", "0", "--attack-mix", "phishing=1", "--output", Path.Combine(_dir, "x.ndjson"));
        Assert.Equal(2, r.Exit);
        Assert.Contains("Days", r.Error, StringComparison.Ordinal);
        Assert.Contains("'phishing' is not an attack type", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyCheck_InvalidPolicy_ListsProblemsAndExitsOne()
    {
        string file = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(file, "version: v\nsegments:\n  - name: a\n    match: {}\n    rules:\n      - name: r\n        actions: [read]\n        condition: risk.score > \"1\"\n");
        var r = Cli.Invoke("policy", "check", file);
        Assert.Equal(1, r.Exit);
        Assert.Contains("bad.yaml:8:", r.Error, StringComparison.Ordinal);
        Assert.Contains("no matching overload", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyWhatIf_DraftPolicy_ReportsTransitions()
    {
        string repo = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repo, "Vigil.slnx")))
        {
            repo = Path.GetDirectoryName(repo)!;
        }

        var check = Cli.Invoke("policy", "check", Path.Combine(repo, "examples", "policies", "finance.yaml"));
        Assert.Equal(0, check.Exit);
        Assert.Contains("valid. Version finance-2", check.Out, StringComparison.Ordinal);

        var r = Cli.Invoke("policy", "what-if", "--policy", Path.Combine(repo, "examples", "policies", "finance.yaml"), "--input", Path.Combine(repo, "examples", "tour.ndjson"));
        Assert.Equal(0, r.Exit);
        Assert.Contains("draft finance-2 against baseline default-1: 200 decisions", r.Out, StringComparison.Ordinal);
        Assert.Contains("per segment (draft)", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void PolicyWhatIf_WithAnIpList_EnrichesLikeScoreAndTheService()
    {
        string repo = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repo, "Vigil.slnx")))
        {
            repo = Path.GetDirectoryName(repo)!;
        }

        string list = Path.Combine(_dir, "known-bad.txt");
        File.WriteAllText(list, "81.2.69.10/32\n");
        string[] whatIf = ["policy", "what-if", "--policy", Path.Combine(repo, "examples", "policies", "finance.yaml"), "--input", Path.Combine(repo, "examples", "tour.ndjson")];

        var plain = Cli.Invoke(whatIf);
        var listed = Cli.Invoke([.. whatIf, "--ip-list", "known-bad=" + list]);

        Assert.Equal(0, plain.Exit);
        Assert.Equal(0, listed.Exit);
        // alice's home address on the known-bad list makes her finance reads risky enough for the draft to deny.
        Assert.DoesNotContain("tour-0002 alice", plain.Out, StringComparison.Ordinal);
        Assert.Contains("tour-0002 alice -> finance-app/reports/0 risk 74: step_up -> deny", listed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_EdgeStreamWithLabelValues_CountsOnlyLabelledEdgesAsAttacks()
    {
        string csv = Path.Combine(_dir, "edges.csv");
        var text = new System.Text.StringBuilder("src,dst,time,label\n");
        for (int minute = 1; minute <= 30; minute++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"172.016.112.{minute % 5:D3},172.016.113.050,{minute},-\n");
        }

        text.Append("197.182.091.233,172.016.113.084,31,portsweep\n");
        File.WriteAllText(csv, text.ToString());

        var r = Cli.Invoke("evaluate", "--input", csv, "--csv-map", "user=src,ip=src,resource=dst,timestamp=time,label=label", "--label-normal", "-",
            "--time-unit", "min", "--quiet");

        Assert.Equal(0, r.Exit);
        Assert.Contains("portsweep", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("line ", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LabelValuesWithoutLabelColumn_ExitTwoNamingTheOption()
    {
        string csv = Path.Combine(_dir, "edges.csv");
        File.WriteAllText(csv, "src,dst,time\na,b,1\n");

        var r = Cli.Invoke("evaluate", "--input", csv, "--csv-map", "user=src,resource=dst,timestamp=time", "--label-normal", "-", "--time-unit", "hours");

        Assert.Equal(2, r.Exit);
        Assert.Contains("--label-normal/--label-attack: the CSV map has no label column", r.Error, StringComparison.Ordinal);
        Assert.Contains("--time-unit 'hours'", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_FeedbackBudgetOutOfRange_ExitTwoNamingTheOption()
    {
        string csv = Path.Combine(_dir, "edges.csv");
        File.WriteAllText(csv, "src,dst,time\na,b,1\n");

        var r = Cli.Invoke("evaluate", "--input", csv, "--csv-map", "user=src,resource=dst,timestamp=time", "--feedback-budget", "0", "--alert-level", "101");

        Assert.Equal(2, r.Exit);
        Assert.Contains("--feedback-budget: 0 alerts a day", r.Error, StringComparison.Ordinal);
        Assert.Contains("--alert-level: 101", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_FeedbackBudget_PrintsTheArmsAndColdStart()
    {
        string events = Path.Combine(_dir, "fb.ndjson");
        Assert.Equal(0, Cli.Invoke("simulate", "--humans", "20", "--workloads", "2", "--agents", "1", "--days", "4", "--seed", "3", "--output", events, "--quiet").Exit);

        var r = Cli.Invoke("evaluate", "--input", events, "--feedback-budget", "5", "--quiet");

        Assert.Equal(0, r.Exit);
        Assert.Contains("| dismiss only |", r.Out, StringComparison.Ordinal);
        Assert.Contains("cold start", r.Out, StringComparison.Ordinal);
        Assert.Contains("probation's cost", r.Out, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
