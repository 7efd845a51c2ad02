using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.SharedSignals;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>Continuous re-evaluation (issue 16, item 4) across two real Vigil instances: A decides, learns, re-decides; B hears by push.</summary>
public sealed class SsfReevaluationTests
{
    private const string Alice = "alice@example.com";

    [Fact]
    public async Task ConfirmCompromisedOnA_SessionPermittedOnA_BReceivesSessionRevokedForThatSessionByPush()
    {
        await using var pair = await SsfPair.StartAsync(enforceOnA: true);
        string id = (await pair.ReceiveAsync("push")).GetProperty("id").GetString()!;
        var receiver = pair.B.Services.GetRequiredService<SsfReceiver>();
        await SsfPair.WaitForAsync(() => Task.FromResult(receiver.Find(id)!.Verified), "the verification event");

        var permitted = await SsfPair.DecideAsync(pair.A, Alice, "s-1");
        Assert.True(permitted.GetProperty("decision").GetBoolean(), permitted.ToString());

        var feedback = await pair.A.PostJsonAsync("/v1/feedback", $$"""{"identity":"{{Alice}}","kind":"confirm_compromised"}""");
        Assert.Equal(HttpStatusCode.OK, feedback.Response.StatusCode);

        // A's user-wide session-revoked finds no session of Alice's on B; only the re-decided session names s-1, so B
        // holding s-1 as revoked is the re-evaluation's SET, pushed.
        await SsfPair.WaitForAsync(async () => RevokedSessions(await ViewAsync(pair.B)) == 1, "B to hold s-1 as revoked");
        Assert.Contains("VG1402", SsfPair.Reasons(await pair.DecideOnBAsync(Alice, "s-1"))); // its use on B is a replay
        Assert.DoesNotContain("VG1402", SsfPair.Reasons(await pair.DecideOnBAsync(Alice, "s-2")));

        var reevaluation = Assert.Single((await ViewAsync(pair.A)).GetProperty("session_reevaluations").EnumerateArray());
        Assert.Equal("s-1", reevaluation.GetProperty("session_id").GetString());
        Assert.Equal("permit", reevaluation.GetProperty("was").GetString());
        Assert.Equal("deny", reevaluation.GetProperty("now").GetString());
        Assert.Equal(SsfEventTypes.SessionRevoked, reevaluation.GetProperty("event").GetString());
        Assert.Equal("an analyst confirmed the account compromised", reevaluation.GetProperty("because").GetString());
    }

    /// <summary>The identity view of Alice; undefined while the service knows nothing of her (404).</summary>
    private static async Task<JsonElement> ViewAsync(TestService service)
    {
        using var response = await service.Client.GetAsync("/v1/identities/" + Uri.EscapeDataString(Alice));
        return response.StatusCode == HttpStatusCode.NotFound ? default : JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static int RevokedSessions(JsonElement view) =>
        view.ValueKind == JsonValueKind.Object && view.GetProperty("state") is { ValueKind: JsonValueKind.Object } state ? state.GetProperty("revoked_sessions").GetInt32() : 0;
}
