using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Vigil.Server.Tests.Connectors;

/// <summary>SIEM export to a rotating NDJSON file (<c>type: ndjson-file</c>; docs/connectors.md, "SIEM export").</summary>
public sealed class FileExportTests
{
    private static string Question(int i) =>
        $$$"""{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"doc-{{{i}}}-deny"}}""";

    [Fact]
    public async Task Export_ToAFileOverItsBound_RotatesKeepsMaxFilesAndWritesEachDenyOnce()
    {
        var time = new FakeTimeProvider(ConnectorService.Start);
        string dir = TempDir.Create();
        string file = Path.Combine(dir + "-export", "decisions.ndjson");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        string config = $$"""{"connectors":[{"name":"file","type":"ndjson-file","path":"{{file.Replace("\\", "\\\\", StringComparison.Ordinal)}}","maxFileKilobytes":1,"maxFiles":3,"pageSize":2,"pollSeconds":1}]}""";
        await using (var service = await ConnectorService.StartAsync(config, time, dir, new AllLogs(), o => o.PolicyFactory = _ => new FixedPolicy()))
        {
            for (int i = 0; i < 12; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", Question(i))).Response.StatusCode);
            }

            await service.StoreAfterAuditFlushAsync();
            await ConnectorService.Until(() => ConnectorService.Health(service).EventsRead >= 12, time, TimeSpan.FromSeconds(1), "the twelve denies are written");
        }

        // Files of about 1 KiB (a batch of two decisions is written whole), at most three of them: the oldest went.
        string[] files = Directory.GetFiles(Path.GetDirectoryName(file)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal([file, file + ".1", file + ".2"], files);
        var ids = files.Reverse().SelectMany(File.ReadAllLines)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("labels").GetProperty("resource_id").GetString()).ToArray();
        Assert.Equal(ids.Distinct().Count(), ids.Length);
        Assert.Equal("doc-11-deny", ids[^1]);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 2_048));
        Assert.True(ids.Length < 12); // the oldest file was deleted, not kept without bound
        TempDir.Delete(dir);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }
}
