namespace Vigil.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ModelCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-model-").FullName;

    [Fact]
    public void TrainEvaluateCalibrate_SimulatedStream_ModelFileUsedEverywhere()
    {
        string events = Path.Combine(_dir, "events.ndjson");
        Assert.Equal(0, Cli.Invoke("simulate", "--humans", "40", "--workloads", "4", "--agents", "2", "--days", "7", "--attacks-per-week", "20", "--output", events, "-q").Exit);
        string model = Path.Combine(_dir, "m.bin");

        var train = Cli.Invoke("model", "train", "--input", events, "--output", model, "--trees", "10", "--leaves", "4", "--legitimate-sampling", "5");
        Assert.Equal(0, train.Exit);
        Assert.Contains("model m: 10 trees", train.Out, StringComparison.Ordinal);

        var eval = Cli.Invoke("evaluate", "--input", events, "--model", model, "--quiet");
        Assert.Equal(0, eval.Exit);
        Assert.Contains("vigil+supervised", eval.Out, StringComparison.Ordinal);
        Assert.Contains("supervised-only", eval.Out, StringComparison.Ordinal);

        var calibrate = Cli.Invoke("model", "calibrate", "--input", events, "--check", events, "--model", model, "--output", Path.Combine(_dir, "c.bin"));
        Assert.Equal(0, calibrate.Exit);
        Assert.Contains("after (isotonic on --input): expected calibration error", calibrate.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "c.bin")));
    }

    [Fact]
    public void Lifecycle_TrainPromoteRollback_OneCommandEach()
    {
        string events = Path.Combine(_dir, "events.ndjson");
        string recent = Path.Combine(_dir, "recent.ndjson");
        string data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(data);
        Assert.Equal(0, Cli.Invoke("simulate", "--humans", "40", "--workloads", "4", "--agents", "2", "--days", "7", "--attacks-per-week", "20", "--seed", "3", "--output", events, "-q").Exit);
        Assert.Equal(0, Cli.Invoke("simulate", "--humans", "40", "--workloads", "4", "--agents", "2", "--days", "5", "--attacks-per-week", "20", "--seed", "4", "--output", recent, "-q").Exit);

        var train = Cli.Invoke("model", "train", "--input", events, "--output", Path.Combine(_dir, "m.bin"), "--trees", "10", "--leaves", "4", "--data-dir", data);
        Assert.Equal(0, train.Exit);
        Assert.Contains("stored as version 1, in shadow", train.Out, StringComparison.Ordinal);

        var noLabels = Cli.Invoke("model", "promote", "--data-dir", data);
        Assert.Equal(2, noLabels.Exit);
        Assert.Contains("--labels:", noLabels.Error, StringComparison.Ordinal);

        // Nothing in force scores every event 0: a model that ranks attacks at all beats it.
        var promote = Cli.Invoke("model", "promote", "--data-dir", data, "--labels", recent);
        Assert.Equal(0, promote.Exit);
        Assert.Contains("candidate (version 1): ROC AUC", promote.Out, StringComparison.Ordinal);
        Assert.Contains("version 1 is in force", promote.Out, StringComparison.Ordinal);

        Assert.Contains("   1  in force", Cli.Invoke("model", "list", "--data-dir", data).Out, StringComparison.Ordinal);

        var rollback = Cli.Invoke("model", "rollback", "--data-dir", data);
        Assert.Equal(0, rollback.Exit);
        Assert.Contains("no model is in force now", rollback.Out, StringComparison.Ordinal);
        Assert.Equal(1, Cli.Invoke("model", "rollback", "--data-dir", data).Exit);
    }

    [Fact]
    public void PolicyTune_LabelledStream_DraftCompilesAndWhatIfRuns()
    {
        string events = Path.Combine(_dir, "events.ndjson");
        Assert.Equal(0, Cli.Invoke("simulate", "--humans", "40", "--workloads", "4", "--agents", "2", "--days", "5", "--attacks-per-week", "20", "--output", events, "-q").Exit);
        string draft = Path.Combine(_dir, "tuned.yaml");

        var tune = Cli.Invoke("policy", "tune", "--input", events, "--target-challenge-rate", "0.02", "--min-events", "50", "--output", draft);

        Assert.Equal(0, tune.Exit);
        Assert.Contains("| sign-in | ", tune.Out, StringComparison.Ordinal);
        Assert.Contains("(kept: too few events)", tune.Out, StringComparison.Ordinal);
        Assert.Contains("version: default-1-tuned", File.ReadAllText(draft), StringComparison.Ordinal);
        Assert.Equal(0, Cli.Invoke("policy", "what-if", "--policy", draft, "--input", events).Exit);
    }

    [Fact]
    public void PolicyTune_TargetOutOfRange_NamesTheOption()
    {
        var r = Cli.Invoke("policy", "tune", "--input", Path.Combine(_dir, "none.ndjson"), "--target-challenge-rate", "2");
        Assert.Equal(2, r.Exit);
        Assert.Contains("--target-challenge-rate is 2", r.Error, StringComparison.Ordinal);
        Assert.Contains("--input: file", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_BadOptions_NameEachOption()
    {
        var r = Cli.Invoke("model", "train", "--input", Path.Combine(_dir, "missing.ndjson"), "--output", Path.Combine(_dir, "m.bin"), "--trees", "0", "--max-labels", "account_takeover");
        Assert.Equal(2, r.Exit);
        Assert.Contains("--input: file", r.Error, StringComparison.Ordinal);
        Assert.Contains("--trees is 0", r.Error, StringComparison.Ordinal);
        Assert.Contains("--max-labels 'account_takeover'", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ModelFileNotAModel_NamesTheOption()
    {
        string events = Path.Combine(_dir, "e.ndjson");
        File.WriteAllText(events, "{}\n");
        string junk = Path.Combine(_dir, "junk.bin");
        File.WriteAllText(junk, "not a model");
        var r = Cli.Invoke("evaluate", "--input", events, "--model", junk, "--quiet");
        Assert.Equal(2, r.Exit);
        Assert.Contains("--model: '", r.Error, StringComparison.Ordinal);
        Assert.Contains("is not a usable model", r.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
