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

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
