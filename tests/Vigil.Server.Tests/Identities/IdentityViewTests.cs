using System.Net;
using System.Text.Json;

namespace Vigil.Server.Tests.Identities;

/// <summary><c>GET /v1/identities/{id}</c>: the engine's state for the identity (read without learning) beside its recent decisions and feedback.</summary>
public sealed class IdentityViewTests
{
    private static string Observed(string user, string eventId, string time = "2026-03-02T08:00:00Z") =>
        $$$"""{"subject":{"type":"user","id":"{{{user}}}"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"},"context":{"ip":"81.2.69.10","user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0","session_id":"s-{{{user}}}","event_id":"{{{eventId}}}","time":"{{{time}}}"}}""";

    private static async Task<(HttpStatusCode Status, JsonElement Body)> View(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task View_ObservedIdentity_ShowsTheEnginesStateAndItsDecisions()
    {
        await using var service = await TestService.StartAsync();
        await service.PostJsonAsync("/access/v1/evaluation", Observed("alice", "ev-1"));
        await service.PostJsonAsync("/access/v1/evaluation", Observed("alice", "ev-2", "2026-03-02T08:05:00Z"));

        var (status, view) = await View(service.Client, "/v1/identities/alice");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("alice", "default"), (view.GetProperty("id").GetString(), view.GetProperty("tenant").GetString()));
        var state = view.GetProperty("state");
        Assert.Equal("human", state.GetProperty("kind").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-03-02T08:05:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
            state.GetProperty("last_seen_ms").GetInt64());
        Assert.Equal(1, state.GetProperty("sessions").GetInt32());
        Assert.Equal(JsonValueKind.Array, state.GetProperty("factors").ValueKind);
        Assert.Equal(JsonValueKind.Object, state.GetProperty("baseline").ValueKind);
        Assert.Equal(2, view.GetProperty("recent_decisions").GetArrayLength());
        Assert.Equal(JsonValueKind.Array, view.GetProperty("recent_factors").ValueKind);
    }

    [Fact]
    public async Task View_NotMe_ShowsRaisedRiskWithItsFactorsAndTheFeedback()
    {
        await using var service = await TestService.StartAsync();
        await service.PostJsonAsync("/access/v1/evaluation", Observed("alice", "ev-1"));
        var (feedback, _) = await service.PostJsonAsync("/v1/feedback", """{"kind":"not_me","identity":"alice"}""");
        Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);

        var (_, view) = await View(service.Client, "/v1/identities/alice");
        Assert.InRange(view.GetProperty("identity_risk").GetDouble(), 0.6, 0.7);
        Assert.Equal("high", view.GetProperty("level").GetString());
        var state = view.GetProperty("state");
        Assert.True(state.GetProperty("user_reported").GetBoolean());
        Assert.True(state.TryGetProperty("risk_raised_at_ms", out _));
        var factors = state.GetProperty("factors").EnumerateArray().ToArray();
        Assert.Equal(["VG1903", "VG1901"], factors.Select(f => f.GetProperty("code").GetString()));
        Assert.Equal("The person reported recent activity as not theirs.", factors[0].GetProperty("detail").GetString());
        Assert.Equal("not_me", view.GetProperty("recent_feedback")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task View_UnknownIdentity_Is404_AndAnAssessedOnlySubjectHasNoState()
    {
        await using var service = await TestService.StartAsync();
        var (status, problem) = await View(service.Client, "/v1/identities/nobody");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("'nobody'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A bare policy question (no telemetry) is decided and audited but never learned: decisions, no engine state.
        await service.PostJsonAsync("/access/v1/evaluation", """{"subject":{"type":"user","id":"bob"},"action":{"name":"read"},"resource":{"type":"doc","id":"1"}}""");
        var (assessed, view) = await View(service.Client, "/v1/identities/bob");
        Assert.Equal(HttpStatusCode.OK, assessed);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("state").ValueKind);
        Assert.Equal(0, view.GetProperty("identity_risk").GetDouble());
        Assert.Equal(1, view.GetProperty("recent_decisions").GetArrayLength());
    }

    [Fact]
    public async Task View_OtherTenant_HasNoStateAndAnEmptyTenantIsRefused()
    {
        await using var service = await TestService.StartAsync();
        await service.PostJsonAsync("/access/v1/evaluation", Observed("alice", "ev-1"));
        var (_, view) = await View(service.Client, "/v1/identities/alice?tenant=other");
        Assert.Equal("other", view.GetProperty("tenant").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("state").ValueKind);

        var (status, problem) = await View(service.Client, "/v1/identities/alice?tenant=");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("tenant", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task View_IsAuthenticatedAndLimitedToOneselfWithoutAdmin()
    {
        await using var service = await TestService.StartAsync();
        await service.PostJsonAsync("/access/v1/evaluation", Observed("alice", "ev-1"));
        await service.PostJsonAsync("/access/v1/evaluation", Observed("bob", "ev-2"));
        using var alice = service.ClientWithKey(await service.CreateKeyAsync("alice", "feedback"));
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/v1/identities/alice")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/v1/identities/bob")).StatusCode);
        using var anonymous = service.ClientWithKey("vgk_000000000000_nope");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/identities/alice")).StatusCode);
    }

    [Fact]
    public async Task View_ReadsWithoutLearning()
    {
        await using var service = await TestService.StartAsync();
        await service.PostJsonAsync("/access/v1/evaluation", Observed("alice", "ev-1"));
        string first = (await View(service.Client, "/v1/identities/alice")).Body.GetProperty("state").GetRawText();
        for (int i = 0; i < 5; i++)
        {
            await service.Client.GetAsync("/v1/identities/alice");
        }

        Assert.Equal(first, (await View(service.Client, "/v1/identities/alice")).Body.GetProperty("state").GetRawText());
    }
}
