using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Server.SharedSignals;
using Xunit.Abstractions;

namespace Vigil.Server.Tests.SharedSignals;

/// <summary>
/// The numbers in docs/benchmarks.md, "Shared Signals": time from a confirmed-compromise feedback to a real local push
/// receiver holding the session-revoked SET, and SETs signed (and signed, queued and pushed) per second.
/// <c>VIGIL_PROBES=1 dotnet test tests/Vigil.Server.Tests -c Release --filter FullyQualifiedName~SsfProbe --logger "console;verbosity=detailed"</c>
/// </summary>
[Trait("Category", "Probe")]
public sealed class SsfProbeTests(ITestOutputHelper output)
{
    private const string SessionRevoked = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

    [ProbeFact]
    public async Task Probe_FeedbackToPushReceiver_LatencyPercentiles()
    {
        await using var receiver = await PushReceiver.StartAsync();
        await using var ssf = await SsfHarness.StartAsync();
        await ssf.CreateStreamAsync(JsonSerializer.Serialize(new { delivery = new { method = "urn:ietf:rfc:8935", endpoint_url = receiver.Url }, events_requested = new[] { SessionRevoked } }));
        const int Warmup = 20, Runs = 200;
        var times = new List<double>();
        for (int i = 0; i < Warmup + Runs; i++)
        {
            string identity = "probe" + i.ToString(CultureInfo.InvariantCulture) + "@example.com";
            long start = Stopwatch.GetTimestamp();
            var response = await ssf.Service.Client.PostAsJsonAsync("/v1/feedback", new { identity, kind = "confirm_compromised" });
            response.EnsureSuccessStatusCode();
            var got = await receiver.NextAsync();
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            Assert.Equal(identity, SsfHarness.Decode(got.Token).Payload.GetProperty("sub_id").GetProperty("email").GetString());
            if (i >= Warmup)
            {
                times.Add(ms);
            }
        }

        times.Sort();
        output.WriteLine(FormattableString.Invariant($"feedback -> receiver holds session-revoked, {Runs} runs: p50 {Percentile(times, 0.50):0.0} ms, p90 {Percentile(times, 0.90):0.0} ms, p99 {Percentile(times, 0.99):0.0} ms, max {times[^1]:0.0} ms"));
    }

    [ProbeFact]
    public async Task Probe_SetsSignedAndPushedPerSecond()
    {
        await using var receiver = await PushReceiver.StartAsync();
        await using var ssf = await SsfHarness.StartAsync();
        var keys = ssf.Service.Services.GetRequiredService<SsfKeyRing>();
        var subject = SubjectId.ForIdentity("alice@example.com", null);

        // Signing alone: one RS256 signature (2048-bit key) per SET.
        var key = keys.Current();
        for (int i = 0; i < 200; i++)
        {
            SecurityEventToken.Sign(key, SsfHarness.Issuer, "aud", SecurityEventToken.NewId(), 0, null, subject, SessionRevoked, null);
        }

        const int Signed = 5_000;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < Signed; i++)
        {
            SecurityEventToken.Sign(key, SsfHarness.Issuer, "aud", SecurityEventToken.NewId(), 0, null, subject, SessionRevoked, null);
        }

        double signSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        // Signed, written to the durable outbox (fsync per SET) and pushed over HTTP, one stream.
        await ssf.CreateStreamAsync(JsonSerializer.Serialize(new { delivery = new { method = "urn:ietf:rfc:8935", endpoint_url = receiver.Url }, events_requested = new[] { SessionRevoked } }));
        var transmitter = ssf.Service.Services.GetRequiredService<SsfTransmitter>();
        const int Pushed = 1_000;
        start = Stopwatch.GetTimestamp();
        var emitting = Task.Run(() =>
        {
            for (int i = 0; i < Pushed; i++)
            {
                transmitter.Emit(SessionRevoked, subject, null, null, null);
            }
        });
        for (int i = 0; i < Pushed; i++)
        {
            await receiver.NextAsync();
        }

        await emitting;
        double pushSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        output.WriteLine(FormattableString.Invariant($"signed: {Signed / signSeconds:N0} SETs/s ({signSeconds * 1e6 / Signed:0} us each); signed, queued and pushed: {Pushed / pushSeconds:N0} SETs/s over {Pushed}"));
    }

    /// <summary>
    /// Two Vigil instances: a session permitted on A, then A's analyst confirms the identity compromised; timed until B
    /// holds that session as revoked in its engine (A re-decides the session, signs session-revoked for it, pushes it;
    /// B verifies it, journals it and learns it). B's engine is looked at in process, every millisecond.
    /// </summary>
    [ProbeFact]
    public async Task Probe_CompromiseOnA_BHoldsTheSessionRevokedByPush_LatencyPercentiles()
    {
        await using var pair = await SsfPair.StartAsync(enforceOnA: true);
        string id = (await pair.ReceiveAsync("push")).GetProperty("id").GetString()!;
        var receiver = pair.B.Services.GetRequiredService<SsfReceiver>();
        await SsfPair.WaitForAsync(() => Task.FromResult(receiver.Find(id)!.Verified), "the verification event");
        var engineB = pair.B.Services.GetRequiredService<Vigil.Server.Hosting.EngineHost>().Engine;
        const int Warmup = 20, Runs = 200;
        var times = new List<double>();
        for (int i = 0; i < Warmup + Runs; i++)
        {
            string identity = "probe" + i.ToString(CultureInfo.InvariantCulture) + "@example.com";
            Assert.True((await SsfPair.DecideAsync(pair.A, identity, "s-" + i.ToString(CultureInfo.InvariantCulture))).GetProperty("decision").GetBoolean());
            long start = Stopwatch.GetTimestamp();
            var (response, _) = await pair.A.PostJsonAsync("/v1/feedback", JsonSerializer.Serialize(new { identity, kind = "confirm_compromised" }));
            response.EnsureSuccessStatusCode();
            while (engineB.Snapshot(identity, null, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()) is not { RevokedSessions: > 0 })
            {
                Assert.True(Stopwatch.GetElapsedTime(start) < TimeSpan.FromSeconds(30), "B never held the session revoked");
                await Task.Delay(1);
            }

            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i >= Warmup)
            {
                times.Add(ms);
            }
        }

        times.Sort();
        output.WriteLine(FormattableString.Invariant($"confirm_compromised on A -> B holds the session revoked (push), {Runs} runs: p50 {Percentile(times, 0.50):0.0} ms, p90 {Percentile(times, 0.90):0.0} ms, p99 {Percentile(times, 0.99):0.0} ms, max {times[^1]:0.0} ms"));
    }

    /// <summary>SETs signed, written to the outbox and delivered by poll (RFC 8936): a receiver polling 100 at a time and acknowledging them in its next poll.</summary>
    [ProbeFact]
    public async Task Probe_SetsSignedQueuedAndPolledPerSecond()
    {
        await using var ssf = await SsfHarness.StartAsync();
        string streamId = (await ssf.CreatePollStreamAsync(SessionRevoked)).GetProperty("stream_id").GetString()!;
        var transmitter = ssf.Service.Services.GetRequiredService<SsfTransmitter>();
        var subject = SubjectId.ForIdentity("alice@example.com", null);
        const int Polled = 1_000;
        long start = Stopwatch.GetTimestamp();
        var emitting = Task.Run(() =>
        {
            for (int i = 0; i < Polled; i++)
            {
                transmitter.Emit(SessionRevoked, subject, null, null, null);
            }
        });
        var received = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<string> ack = [];
        while (received.Count < Polled)
        {
            var (sets, _) = await ssf.PollAsync(streamId, new { maxEvents = 100, returnImmediately = false, ack });
            ack = [.. sets.Select(x => x.Key)];
            foreach (var set in sets)
            {
                received.Add(set.Key);
            }

            Assert.True(Stopwatch.GetElapsedTime(start) < TimeSpan.FromMinutes(2), "the polls never got every SET");
        }

        await emitting;
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        output.WriteLine(FormattableString.Invariant($"signed, queued and polled (100 per poll, acknowledged): {Polled / seconds:N0} SETs/s over {Polled}"));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
