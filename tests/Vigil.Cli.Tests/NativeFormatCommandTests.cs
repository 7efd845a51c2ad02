using System.Text.Json;

namespace Vigil.Cli.Tests;

/// <summary><c>vigil score</c> and <c>vigil evaluate</c> on native identity-provider logs, and <c>vigil formats coverage</c>.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class NativeFormatCommandTests : IDisposable
{
    private const string OktaFailure =
        """{"uuid":"u-1","published":"2024-05-29T08:00:00.000Z","eventType":"user.session.start","actor":{"alternateId":"alice@example.com","type":"User"},"client":{"ipAddress":"81.2.69.142","userAgent":{"rawUserAgent":"Mozilla/5.0"}},"outcome":{"result":"FAILURE","reason":"INVALID_CREDENTIALS"}}""";

    private const string CloudTrailLogin =
        """{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/bob","userName":"bob"},"eventTime":"2024-05-29T08:01:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","sourceIPAddress":"81.2.69.142","responseElements":{"ConsoleLogin":"Success"},"eventID":"ct-1"}""";

    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-formats-").FullName;

    private static string RepositoryFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir.FullName, .. parts]);
    }

    private string Write(string name, params string[] lines)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Score_MixedNativeFormats_DetectedPerLineBadLineNamedWithItsNumber()
    {
        string input = Write("mixed.ndjson", OktaFailure, """{"eventType":"user.session.start","published":"soon","actor":{"alternateId":"a"}}""", CloudTrailLogin);
        string output = Path.Combine(_dir, "out.ndjson");
        var (exit, _, error) = Cli.Invoke("score", "--input", input, "--output", output);

        Assert.Equal(0, exit);
        var scored = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["u-1", "ct-1"], scored.Select(s => s.GetProperty("event_id").GetString()));
        Assert.Contains("line 2", error, StringComparison.Ordinal);
        Assert.Contains("published", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_NothingReadable_ExitsOneAndSaysWhy()
    {
        string input = Write("unknown.ndjson", """{"hello":"world"}""", "not json");
        var (exit, _, error) = Cli.Invoke("score", "--input", input, "--output", Path.Combine(_dir, "none.ndjson"));

        Assert.Equal(1, exit);
        Assert.Contains("no event was read", error, StringComparison.Ordinal);
        Assert.Contains("line 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_NamedFormatThatDoesNotFit_ExitsOne()
    {
        string input = Write("okta.ndjson", OktaFailure);
        var (exit, _, error) = Cli.Invoke("score", "--input", input, "--format", "cloudtrail", "--output", Path.Combine(_dir, "x.ndjson"));

        Assert.Equal(1, exit);
        Assert.Contains("eventTime", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_UnknownFormatName_ExitTwoListingTheNames()
    {
        var (exit, _, error) = Cli.Invoke("score", "--input", Write("a.ndjson", OktaFailure), "--format", "splunk");

        Assert.Equal(2, exit);
        Assert.Contains("--format 'splunk'", error, StringComparison.Ordinal);
        Assert.Contains("okta", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NothingReadable_ExitsOne()
    {
        var (exit, _, error) = Cli.Invoke("evaluate", "--input", Write("e.ndjson", """{"hello":"world"}"""), "--quiet");

        Assert.Equal(1, exit);
        Assert.Contains("no event was read", error, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatsCoverage_RepositorySamples_WritesBothTables()
    {
        string output = Path.Combine(_dir, "coverage.md");
        var (exit, _, error) = Cli.Invoke("formats", "coverage", "--input", RepositoryFile("tests", "Vigil.Core.Tests", "TestData", "log-samples", "rule_tests.jsonl"), "--output", output);

        Assert.True(exit == 0, error);
        string text = File.ReadAllText(output);
        Assert.Contains("## Read and mapped", text, StringComparison.Ordinal);
        Assert.Contains("| okta |", text, StringComparison.Ordinal);
        Assert.Contains("## Labelled rule cases replayed", text, StringComparison.Ordinal);
        Assert.Contains("891 cases", text, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
