using Vigil.Cli.Commands;
using Vigil.Storage;

namespace Vigil.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class AuditCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-audit-").FullName;

    private static (int Exit, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (previousOut, previousError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (VigilCommandLine.Build().Parse(args).Invoke(), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
    }

    [Fact]
    public void Head_then_verify_against_it_and_against_a_wrong_anchor()
    {
        using (var store = VigilStore.Open(_dir))
        {
            store.AppendDecisions([new AuditAppend("d-1", "alice", 1, "{\"n\":1}"u8.ToArray()), new AuditAppend("d-2", "bob", 2, "{\"n\":2}"u8.ToArray())]);
        }

        var head = Invoke("audit", "head", "--data-dir", _dir);
        Assert.Equal(0, head.Exit);
        string anchor = head.Output.Trim();
        Assert.StartsWith("2:", anchor, StringComparison.Ordinal);

        var ok = Invoke("audit", "verify", "--data-dir", _dir, "--anchor", anchor);
        Assert.Equal(0, ok.Exit);
        Assert.Contains("2 records verified, 1 anchor(s) matched", ok.Output, StringComparison.Ordinal);

        var wrong = Invoke("audit", "verify", "--data-dir", _dir, "--anchor", "1:" + new string('0', 64));
        Assert.Equal(1, wrong.Exit);
        Assert.Contains("BROKEN at record 1", wrong.Error, StringComparison.Ordinal);

        var malformed = Invoke("audit", "verify", "--data-dir", _dir, "--anchor", "two:abc");
        Assert.Equal(2, malformed.Exit);
        Assert.Contains("--anchor", malformed.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
