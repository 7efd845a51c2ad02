using System.Text.Json;

namespace Vigil.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ScoreCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-cli-").FullName;

    private static string Tour()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir.FullName, "examples", "tour.ndjson");
    }

    private static (int Exit, string Error) Invoke(params string[] args)
    {
        var (exit, _, error) = Cli.Invoke(args);
        return (exit, error);
    }

    [Fact]
    public void Score_TourFile_WritesOneLinePerEventWithTheDocumentedFields()
    {
        string output = Path.Combine(_dir, "out.ndjson");
        var (exit, error) = Invoke("score", "--input", Tour(), "--output", output);

        Assert.Equal(0, exit);
        var lines = File.ReadAllLines(output);
        Assert.Equal(200, lines.Length);
        Assert.Contains("line 201: not valid JSON", error, StringComparison.Ordinal);
        Assert.Contains("200 events scored, 1 lines rejected", error, StringComparison.Ordinal);
        foreach (string line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            Assert.InRange(root.GetProperty("risk").GetInt32(), 0, 100);
            Assert.Contains(root.GetProperty("level").GetString(), new[] { "none", "low", "medium", "high", "critical" });
            Assert.Equal("permit", root.GetProperty("outcome").GetString());
            Assert.Equal(JsonValueKind.Array, root.GetProperty("reasons").ValueKind);
        }

        var travel = lines.Select(l => JsonDocument.Parse(l).RootElement).Single(r => r.GetProperty("event_id").GetString() == "tour-0182");
        Assert.Equal("deny", travel.GetProperty("would_be").GetString());
        Assert.Contains(travel.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "VG1002");
    }

    [Fact]
    public void Score_LinesThatAreNotTextOrOutOfTime_AreReportedAndTheRestIsScored()
    {
        string input = Path.Combine(_dir, "hostile.ndjson");
        using (var file = File.Create(input))
        {
            file.Write("""{"@timestamp":"2026-03-02T08:00:00Z","event.id":"good-1","event.action":"sign-in","user.id":"alice"}"""u8);
            file.Write("\n"u8);
            file.Write("""{"@timestamp":"2026-03-02T08:01:00Z","event.id":"bad-1","user.id":"\ud800"}"""u8);
            file.Write("\n"u8);
            file.Write([.. """{"@timestamp":"2026-03-02T08:02:00Z","event.id":"bad-2","user.id":"b","event.action":"sign"""u8, 0xFF, .. "\"}\n"u8]);
            file.Write("""{"@timestamp":1772438700000000,"event.id":"bad-3","user.id":"c"}"""u8); // microseconds
            file.Write("\n"u8);
            file.Write("""{"@timestamp":"2027-03-02T08:00:00Z","event.id":"bad-4","user.id":"c"}"""u8); // a year ahead
            file.Write("\n"u8);
            file.Write("""{"@timestamp":"2026-03-02T08:05:00Z","event.id":"good-2","event.action":"sign-in","user.id":"bob"}"""u8);
            file.Write("\n"u8);
        }

        string output = Path.Combine(_dir, "hostile-out.ndjson");
        var (exit, error) = Invoke("score", "--input", input, "--output", output);

        Assert.Equal(0, exit);
        Assert.Equal(["good-1", "good-2"], File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event_id").GetString()));
        Assert.Contains("line 2: user.id: the string is not valid Unicode", error, StringComparison.Ordinal);
        Assert.Contains("line 3: event.action: the string is not valid Unicode", error, StringComparison.Ordinal);
        Assert.Contains("line 4: @timestamp 1772438700000000 is not between 2000 and 2100", error, StringComparison.Ordinal);
        Assert.Contains("line 5: @timestamp 2027-03-02T08:00:00.000Z is more than 7 day(s) after the newest accepted event", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_EnforceMode_OutcomeIsTheDecision()
    {
        string output = Path.Combine(_dir, "enforce.ndjson");
        Assert.Equal(0, Invoke("score", "--input", Tour(), "--output", output, "--mode", "enforce", "--quiet").Exit);
        Assert.Contains(File.ReadLines(output), l => l.Contains("\"outcome\":\"deny\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Score_SameInputTwice_ByteIdenticalOutput()
    {
        string a = Path.Combine(_dir, "a.ndjson"), b = Path.Combine(_dir, "b.ndjson");
        Invoke("score", "--input", Tour(), "--output", a, "--quiet");
        Invoke("score", "--input", Tour(), "--output", b, "--quiet");
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Fact]
    public void Score_BadOptions_ExitTwoNamingEveryProblem()
    {
        var (exit, error) = Invoke("score", "--input", Path.Combine(_dir, "missing.ndjson"), "--mode", "strict", "--ip-list", "weird=x.txt");
        Assert.Equal(2, exit);
        Assert.Contains("--mode 'strict'", error, StringComparison.Ordinal);
        Assert.Contains("--input: file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_IpListFile_MarksListedSources()
    {
        string list = Path.Combine(_dir, "tor.txt");
        File.WriteAllText(list, "# tor exits\n185.220.101.0/24\n");
        string output = Path.Combine(_dir, "lists.ndjson");
        Assert.Equal(0, Invoke("score", "--input", Tour(), "--output", output, "--quiet", "--ip-list", "anonymizer=" + list).Exit);
        Assert.Contains(File.ReadLines(output), l => l.Contains("VG1201", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
