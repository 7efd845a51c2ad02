using System.Diagnostics;
using System.Net;
using Vigil.Core.Engine;
using Vigil.Core.Telemetry;
using Xunit.Abstractions;

namespace Vigil.Storage.Tests;

/// <summary>Checkpoints at the scale that used to brick the service (one blob past SQLite's 1e9-byte limit, issue 11).</summary>
public sealed class EngineCheckpointScaleTests(ITestOutputHelper output)
{
    private static readonly long Start = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    internal static TelemetryEvent SignIn(int user, long at, int variant = 0) => new()
    {
        Id = null,
        TimestampMs = at,
        Kind = EventKind.SignIn,
        Outcome = EventOutcome.Success,
        SubjectId = "user" + user,
        Department = "d" + (user % 50),
        SourceIp = new IPAddress([81, (byte)(user >> 16), (byte)(user >> 8), (byte)user]),
        AsNumber = 3320 + (uint)variant,
        Country = variant == 0 ? "DE" : "NG",
        Location = variant == 0 ? new GeoPoint(52.52, 13.40) : new GeoPoint(6.45, 3.39),
        Browser = "Chrome",
        BrowserMajor = 126,
        OperatingSystem = "Windows",
        DeviceType = "Desktop",
        DeviceId = "device" + user,
        SessionId = "s" + user + "-" + variant,
        AuthMethod = "password",
    };

    [Fact]
    [Trait("Category", "Scale")]
    public void SaveCheckpoint_OneMillionIdentities_RestoredEngineScoresIdentically()
    {
        const int identities = 1_000_000;
        const int probes = 2_000;
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        var clock = Stopwatch.StartNew();
        var original = new VigilEngine();
        for (int i = 0; i < identities; i++)
        {
            original.Observe(SignIn(i, Start + i));
        }

        long observed = clock.ElapsedMilliseconds;
        store.SaveCheckpoint(identities, original.WriteCheckpoint);
        long written = clock.ElapsedMilliseconds;

        // What the original scores after the checkpoint (new countries for a spread of identities), then it is let go,
        // so the test holds one engine at a time.
        var followUps = Enumerable.Range(0, probes).Select(p => SignIn(p * (identities / probes), Start + identities + (p * 1_000L), variant: 1)).ToArray();
        var expected = followUps.Select(e => original.Observe(e)).Select(a => (a.Score, a.FactorCount, a.IdentityRisk)).ToArray();
        original = null;
        GC.Collect();

        var checkpoint = store.LatestCheckpoint()!;
        Assert.True(checkpoint.Bytes > 1_000_000_000L, $"the checkpoint is {checkpoint.Bytes} bytes; it must pass SQLite's 1e9-byte blob limit to test it");
        VigilEngine restored;
        using (var stream = store.OpenCheckpoint(checkpoint))
        {
            restored = VigilEngine.ReadCheckpoint(stream);
        }

        long read = clock.ElapsedMilliseconds;
        Assert.Equal(identities, restored.IdentityCount);
        for (int p = 0; p < probes; p++)
        {
            var a = restored.Observe(followUps[p]);
            Assert.Equal(expected[p], (a.Score, a.FactorCount, a.IdentityRisk));
        }

        Assert.Contains(expected, e => e.Score >= 50); // the probes are risky sign-ins, so equal scores say something
        output.WriteLine($"{identities} identities: observe {observed} ms, checkpoint {checkpoint.Bytes} bytes in {written - observed} ms, restore {read - written} ms");
    }
}
