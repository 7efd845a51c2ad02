using System.Diagnostics;
using Xunit.Abstractions;
namespace Vigil.Storage.Tests;
public sealed class TmpPerf(ITestOutputHelper output)
{
    [Fact]
    public void Perf()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path);
        var rec = new AuditAppend("d-1", "alice", 1, new byte[400]);
        for (int i = 0; i < 200; i++) store.AppendDecisions([rec], false);
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 2000; i++) store.AppendDecisions([rec], false);
        output.WriteLine($"single normal: {sw.Elapsed.TotalMicroseconds / 2000:0.0} us");
        var batch = Enumerable.Repeat(rec, 100).ToArray();
        sw.Restart();
        for (int i = 0; i < 200; i++) store.AppendDecisions(batch, false);
        output.WriteLine($"batched normal: {sw.Elapsed.TotalMicroseconds / 20000:0.0} us per record");
    }
}
