using System.Net;
using System.Text;
using Vigil.Storage;

namespace Vigil.Server.Tests.Durability;

public sealed class CheckpointTests
{
    private static string Tour => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "tour.ndjson"));

    [Fact]
    public async Task Shutdown_TakesACheckpointCoveringTheWholeJournal_AndRestartUsesIt()
    {
        string dir = TempDir.Create();
        string key;
        await using (var service = await TestService.StartAsync(o => o.CheckpointEveryEntries = 50, dir))
        {
            key = service.AdminKey!;
            var response = await service.Client.PostAsync("/v1/events", new StringContent(Tour, Encoding.UTF8, "application/x-ndjson"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        using (var store = VigilStore.Open(dir, TimeProvider.System))
        {
            Assert.Equal(store.JournalHead(), store.LatestCheckpoint()!.JournalSequence);
        }

        await using (var restarted = await TestService.StartAsync(dataDir: dir))
        {
            using var client = restarted.ClientWithKey(key);
            var view = await client.GetStringAsync("/v1/identities/alice");
            Assert.Contains("\"id\":\"alice\"", view, StringComparison.Ordinal);
        }

        TempDir.Delete(dir);
    }
}
