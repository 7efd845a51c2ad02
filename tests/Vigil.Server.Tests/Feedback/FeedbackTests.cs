using System.Net;
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
