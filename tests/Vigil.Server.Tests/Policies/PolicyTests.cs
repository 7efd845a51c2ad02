using System.Net;
using System.Text;
using System.Text.Json;

namespace Vigil.Server.Tests.Policies;

public sealed class PolicyTests
{
    private static Action<ServerOptions> Validating => o => o.PolicyValidator = text =>
        text.Contains("bad", StringComparison.Ordinal) ? ["line 1: 'bad' is not allowed"] : [];

    private static async Task<(HttpStatusCode, JsonElement)> Put(TestService service, string text, string comment)
    {
        var response = await service.Client.PutAsync("/v1/policy?comment=" + comment, new StringContent(text, Encoding.UTF8, "text/plain"));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task Replace_InvalidDocument_Is422WithErrorsAndStoresNothing()
    {
        await using var service = await TestService.StartAsync(Validating);
        var (status, body) = await Put(service, "bad rules", "x");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("line 1: 'bad' is not allowed", body.GetProperty("errors")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/v1/policy")).StatusCode);
    }

    [Fact]
    public async Task ReplaceAndRollback_KeepEveryVersionAndSwitchTheDocumentInForce()
    {
        var built = new List<string?>();
        await using var service = await TestService.StartAsync(o =>
        {
            Validating(o);
            o.PolicyFactory = doc => { built.Add(doc); return new FixedPolicy(); };
        });
        Assert.Equal(1, (await Put(service, "rules v1", "first")).Item2.GetProperty("version").GetInt32());
        Assert.Equal(2, (await Put(service, "rules v2", "second")).Item2.GetProperty("version").GetInt32());

        var rollback = await service.Client.PostAsync("/v1/policy/rollback/1", null);
        var rolled = JsonDocument.Parse(await rollback.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(3, rolled.GetProperty("version").GetInt32());
        Assert.Equal("rules v1", rolled.GetProperty("document").GetString());
        Assert.Equal("rules v1", built[^1]);

        var history = JsonDocument.Parse(await service.Client.GetStringAsync("/v1/policy/versions")).RootElement;
        Assert.Equal(3, history.GetProperty("current").GetInt32());
        Assert.Equal(3, history.GetProperty("versions").GetArrayLength());
        Assert.Equal("rollback to version 1", history.GetProperty("versions")[0].GetProperty("comment").GetString());
        Assert.Equal("rules v2", JsonDocument.Parse(await service.Client.GetStringAsync("/v1/policy/versions/2")).RootElement.GetProperty("document").GetString());
    }

    [Fact]
    public async Task Validate_ReportsErrorsWithoutStoring()
    {
        await using var service = await TestService.StartAsync(Validating);
        var response = await service.Client.PostAsync("/v1/policy/validate", new StringContent("bad", Encoding.UTF8, "text/plain"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(body.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task PolicyEndpoints_WithoutAdminScope_Are403()
    {
        await using var service = await TestService.StartAsync();
        using var evaluator = service.ClientWithKey(await service.CreateKeyAsync("gw", "evaluate"));
        Assert.Equal(HttpStatusCode.Forbidden, (await evaluator.GetAsync("/v1/policy/versions")).StatusCode);
    }
}
