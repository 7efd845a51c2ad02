using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vigil.Server.Tests.Feedback;

public sealed class FeedbackTests
{
    private const string Observed =
        """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"},"context":{"ip":"81.2.69.10","event_id":"ev-9","time":"2026-03-02T08:00:00Z"}}""";

    [Fact]
    public async Task Feedback_AdminOnDecisionId_IsAppliedToTheDecisionsIdentity()
    {
        await using var service = await TestService.StartAsync();
        var (_, decision) = await service.PostJsonAsync("/access/v1/evaluation", Observed);
        string id = decision.GetProperty("context").GetProperty("decision_id").GetString()!;

        var (response, body) = await service.PostJsonAsync("/v1/feedback", $$"""{"kind":"confirm_compromised","decision_id":"{{id}}"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice", body.GetProperty("identity").GetString());
        Assert.True(body.GetProperty("applied").GetBoolean());

        var view = JsonDocument.Parse(await service.Client.GetStringAsync("/v1/identities/alice")).RootElement;
        Assert.True(view.GetProperty("identity_risk").GetDouble() > 0.5);
        Assert.Equal("confirm_compromised", view.GetProperty("recent_feedback")[0].GetProperty("kind").GetString());
        Assert.Equal(id, view.GetProperty("recent_decisions")[0].GetProperty("decision_id").GetString());
    }

    [Fact]
    public async Task Feedback_EndUser_MayOnlySayNotMeAboutThemselves()
    {
        await using var service = await TestService.StartAsync();
        await service.PostJsonAsync("/access/v1/evaluation", Observed);
        using var alice = service.ClientWithKey(await service.CreateKeyAsync("alice", "feedback"));

        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/v1/feedback", """{"kind":"not_me","event_id":"ev-9"}""", alice)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.PostJsonAsync("/v1/feedback", """{"kind":"confirm_safe","identity":"alice"}""", alice)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.PostJsonAsync("/v1/feedback", """{"kind":"not_me","identity":"bob"}""", alice)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/v1/identities/bob")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/v1/identities/alice")).StatusCode);
    }

    [Fact]
    public async Task Feedback_AnalystScope_MayConfirmSafeAndCompromised()
    {
        await using var service = await TestService.StartAsync();
        await service.PostJsonAsync("/access/v1/evaluation", Observed);
        using var analyst = service.ClientWithKey(await service.CreateKeyAsync("soc-1", "analyst"));

        var (response, body) = await service.PostJsonAsync("/v1/feedback", """{"kind":"confirm_safe","event_id":"ev-9"}""", analyst);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice", body.GetProperty("identity").GetString());
        Assert.True(body.GetProperty("applied").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await service.PostJsonAsync("/v1/feedback", """{"kind":"confirm_compromised","identity":"alice"}""", analyst)).Response.StatusCode);

        var view = JsonDocument.Parse(await service.Client.GetStringAsync("/v1/identities/alice")).RootElement;
        Assert.Equal("confirm_compromised", view.GetProperty("recent_feedback")[0].GetProperty("kind").GetString());
        Assert.Equal("soc-1", view.GetProperty("recent_feedback")[0].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Feedback_AnalystBoundToTenant_IsRefusedInAnotherTenant()
    {
        await using var service = await TestService.StartAsync();
        await service.PostJsonAsync("/access/v1/evaluation", Observed);
        var created = await service.Client.PostAsJsonAsync("/v1/admin/api-keys", new { name = "soc-2", scopes = new[] { "analyst" }, tenant = "contoso" });
        created.EnsureSuccessStatusCode();
        using var analyst = service.ClientWithKey((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!);

        var (response, body) = await service.PostJsonAsync("/v1/feedback", """{"kind":"confirm_safe","identity":"alice","tenant":"fabrikam"}""", analyst);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("tenant", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("read")]
    [InlineData("evaluate")]
    public async Task Feedback_WithoutFeedbackOrAnalystScope_IsForbidden(string scope)
    {
        await using var service = await TestService.StartAsync();
        await service.PostJsonAsync("/access/v1/evaluation", Observed);
        using var caller = service.ClientWithKey(await service.CreateKeyAsync("viewer", scope));

        Assert.Equal(HttpStatusCode.Forbidden, (await service.PostJsonAsync("/v1/feedback", """{"kind":"confirm_safe","identity":"alice"}""", caller)).Response.StatusCode);
    }

    [Theory]
    [InlineData("""{"kind":"maybe","identity":"alice"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"kind":"dismiss"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"kind":"dismiss","decision_id":"nope"}""", HttpStatusCode.NotFound)]
    [InlineData("""{"kind":"dismiss","event_id":"nope"}""", HttpStatusCode.NotFound)]
    public async Task Feedback_BadRequests_AreRefusedClearly(string json, HttpStatusCode expected)
    {
        await using var service = await TestService.StartAsync();
        Assert.Equal(expected, (await service.PostJsonAsync("/v1/feedback", json)).Response.StatusCode);
    }
}
