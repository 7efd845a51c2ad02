using System.Net;
using Vigil.Core.Supervised;
using Vigil.Server.Hosting;
using Vigil.Storage;

namespace Vigil.Server.Tests.Supervised;

/// <summary>
/// <c>--supervised-model</c> (issue 13): the service runs the model store's promoted model by default, the shipped
/// starter or a file on request, and refuses to start on a model it cannot read rather than scoring without it.
/// </summary>
public sealed class SupervisedModelSettingTests
{
    private const string Observed =
        """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"},"context":{"ip":"81.2.69.10","session_id":"s-1","event_id":"ev-1","time":"2026-03-02T08:00:00Z"}}""";

    private static byte[] StarterBytes()
    {
        using var stream = new MemoryStream();
        SupervisedModel.Starter.Write(stream);
        return stream.ToArray();
    }

    private static EngineHost Host(TestService service) => (EngineHost)service.Services.GetService(typeof(EngineHost))!;

    [Fact]
    public async Task Default_NothingPromoted_FamilyInert()
    {
        await using var service = await TestService.StartAsync();
        Assert.Null(Host(service).Engine.Options.SupervisedModel);
    }

    [Fact]
    public async Task Default_ThePromotedModelAndTheShadow_AreRunFromTheStore()
    {
        string data = TempDir.Create();
        using (var store = VigilStore.Open(data, TimeProvider.System))
        {
            long first = store.AddModel("starter", StarterBytes(), "test", null);
            store.PromoteModel(first, "test", null);
            store.AddModel("candidate", StarterBytes(), "test", null); // a newer model waits in shadow
        }

        await using var service = await TestService.StartAsync(dataDir: data);
        Assert.NotNull(Host(service).Engine.Options.SupervisedModel);
        Assert.NotNull(Host(service).Engine.Options.ShadowModel);
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", Observed)).Response.StatusCode);
        TempDir.Delete(data);
    }

    [Fact]
    public async Task Starter_IsRun_AndAnUnreadableFileStopsStartUpNamingTheSetting()
    {
        await using (var service = await TestService.StartAsync(o => o.SupervisedModel = "starter"))
        {
            Assert.Same(SupervisedModel.Starter, Host(service).Engine.Options.SupervisedModel);
            Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/access/v1/evaluation", Observed)).Response.StatusCode);
        }

        string garbage = Path.Combine(TempDir.Create(), "model.bin");
        await File.WriteAllBytesAsync(garbage, [1, 2, 3, 4, 5, 6, 7, 8]);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestService.StartAsync(o => o.SupervisedModel = garbage));
        Assert.Contains("--supervised-model", failure.ToString(), StringComparison.Ordinal);

        var options = new ServerOptions { DataDirectory = TempDir.Create(), SupervisedModel = "/no/such/model.bin" };
        Assert.Contains(options.Validate(), e => e.StartsWith("--supervised-model '/no/such/model.bin'", StringComparison.Ordinal));
    }
}
