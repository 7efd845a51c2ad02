using Vigil.Storage;

namespace Vigil.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class AuditCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-audit-").FullName;

    [Fact]
    public void Head_then_verify_against_it_and_against_a_wrong_anchor()
    {
        using (var store = VigilStore.Open(_dir, TimeProvider.System))
        {
            store.AppendDecisions([
                new AuditAppend("d-1", "alice", 1, """{"decision_id":"d-1","time_ms":1,"subject_id":"alice"}"""u8.ToArray()),
                new AuditAppend("d-2", "bob", 2, """{"decision_id":"d-2","time_ms":2,"subject_id":"bob"}"""u8.ToArray()),
            ]);
        }

        var head = Cli.Invoke("audit", "head", "--data-dir", _dir);
        Assert.Equal(0, head.Exit);
        string anchor = head.Out.Trim();
        Assert.StartsWith("2:", anchor, StringComparison.Ordinal);

        var ok = Cli.Invoke("audit", "verify", "--data-dir", _dir, "--anchor", anchor);
        Assert.Equal(0, ok.Exit);
        Assert.Contains("2 records verified, 1 anchor(s) matched", ok.Out, StringComparison.Ordinal);

        var wrong = Cli.Invoke("audit", "verify", "--data-dir", _dir, "--anchor", "1:" + new string('0', 64));
        Assert.Equal(1, wrong.Exit);
        Assert.Contains("BROKEN at record 1", wrong.Error, StringComparison.Ordinal);

        var malformed = Cli.Invoke("audit", "verify", "--data-dir", _dir, "--anchor", "two:abc");
        Assert.Equal(2, malformed.Exit);
        Assert.Contains("--anchor", malformed.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
