using System.Globalization;
using System.Net;
using System.Text;
using Vigil.Server.Tests.Security;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>CAEP events from what the engine learns: risk-level-change when an identity's risk crosses a band, device-compliance-change when a device's posture flips (issue 16, item 2).</summary>
public sealed class SsfEngineEventTests
{
    private const string RiskLevelChange = "https://schemas.openid.net/secevent/caep/event-type/risk-level-change";
    private const string DeviceComplianceChange = "https://schemas.openid.net/secevent/caep/event-type/device-compliance-change";

    [NodeFact]
    public async Task Ingest_IdentityConfirmedCompromisedThenActive_RiskLevelChangeToHighVerifiedByJose()
    {
        await using var ssf = await SsfHarness.StartAsync();
        string id = (await ssf.CreatePollStreamAsync(RiskLevelChange)).GetProperty("stream_id").GetString()!;
        var now = TimeProvider.System.GetUtcNow();
        await IngestAsync(ssf, "e1", now.AddMinutes(-2));
        await ssf.FeedbackAsync("bob@example.com", "confirm_compromised"); // identity risk to the top, applied after e1 (journal order)
        await IngestAsync(ssf, "e2", now.AddMinutes(-1));

        // Learned by the writer, then signed off its thread: a long poll waits (bounded) for the SET.
        var tokens = new List<string>();
        for (int round = 0; round < 5 && !tokens.Any(t => Level(t) == "HIGH"); round++)
        {
            var (sets, _) = await ssf.PollAsync(id, new { returnImmediately = false });
            tokens.AddRange(sets.Select(s => s.Value));
            await ssf.PollAsync(id, new { ack = sets.Select(s => s.Key), maxEvents = 0 });
        }

        var payloads = await JoseVerifier.AssertAllValidAsync(await ssf.JwksAsync(), SsfHarness.Issuer, SsfHarness.Receiver, tokens);
        var high = payloads.Last().GetProperty("events").GetProperty(RiskLevelChange);
        Assert.Equal("HIGH", high.GetProperty("current_level").GetString());
        Assert.NotEqual("HIGH", high.GetProperty("previous_level").GetString());
        Assert.Equal("USER", high.GetProperty("principal").GetString());
        Assert.StartsWith("VG", high.GetProperty("risk_reason").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(high.GetProperty("reason_admin").GetProperty("en").GetString()));
        Assert.Equal("bob@example.com", payloads.Last().GetProperty("sub_id").GetProperty("email").GetString());
    }

    [NodeFact]
    public async Task Ingest_DeviceTurnsNonCompliant_DeviceComplianceChangeWithDeviceAndUserVerifiedByJose()
    {
        await using var ssf = await SsfHarness.StartAsync();
        string id = (await ssf.CreatePollStreamAsync(DeviceComplianceChange)).GetProperty("stream_id").GetString()!;
        var now = TimeProvider.System.GetUtcNow();
        await IngestAsync(ssf, "d1", now.AddMinutes(-3), compliant: true); // the baseline: nothing to report
        await IngestAsync(ssf, "d2", now.AddMinutes(-2), compliant: true);
        await IngestAsync(ssf, "d3", now.AddMinutes(-1), compliant: false);

        var (sets, _) = await ssf.PollAsync(id, new { returnImmediately = false });
        var payload = Assert.Single(await JoseVerifier.AssertAllValidAsync(await ssf.JwksAsync(), SsfHarness.Issuer, SsfHarness.Receiver, sets.Select(s => s.Value).ToList()));
        var change = payload.GetProperty("events").GetProperty(DeviceComplianceChange);
        Assert.Equal("compliant", change.GetProperty("previous_status").GetString());
        Assert.Equal("not-compliant", change.GetProperty("current_status").GetString());
        var subject = payload.GetProperty("sub_id");
        Assert.Equal("complex", subject.GetProperty("format").GetString());
        Assert.Equal("bob-laptop", subject.GetProperty("device").GetProperty("id").GetString());
        Assert.Equal("bob@example.com", subject.GetProperty("user").GetProperty("email").GetString());
    }

    private static string Level(string token) =>
        SsfHarness.Decode(token).Payload.GetProperty("events").GetProperty(RiskLevelChange).GetProperty("current_level").GetString()!;

    private static async Task IngestAsync(SsfHarness ssf, string eventId, DateTimeOffset at, bool? compliant = null)
    {
        string device = compliant is null ? "" : $$""","device_compliant":{{(compliant.Value ? "true" : "false")}}""";
        string line = $$$"""{"@timestamp":"{{{at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}}}","event":{"id":"{{{eventId}}}","action":"sign-in","category":["authentication"],"outcome":"success"},"labels":{"session_id":"bob-s1","identity_kind":"human"{{{device}}}},"user":{"id":"bob@example.com","name":"bob"},"host":{"id":"bob-laptop"},"source":{"ip":"81.2.69.10"}}""";
        var response = await ssf.Service.Client.PostAsync("/v1/events", new StringContent(line + "\n", Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
