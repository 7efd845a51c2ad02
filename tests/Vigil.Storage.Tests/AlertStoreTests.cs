namespace Vigil.Storage.Tests;

public sealed class AlertStoreTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static AlertInsert Alert(string key, string identity, long timeMs, int score = 70, string tenant = "default") =>
        new(key, tenant, identity, "e-" + key, null, "ingest", timeMs, score, "high", "[\"VG1001\"]", new byte[16]);

    [Fact]
    public void AppendAlerts_SameKeyTwice_IsStoredOnceAndSurvivesReopen()
    {
        using var dir = new TempDataDir();
        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            Assert.Equal(2, store.AppendAlerts([Alert("j:1", "alice", T0), Alert("j:2", "alice", T0 + 60_000)]));
            Assert.Equal(0, store.AppendAlerts([Alert("j:1", "alice", T0)]));
        }

        using var reopened = VigilStore.Open(dir.Path, TimeProvider.System);
        var alerts = reopened.ReadAlerts(new AlertFilter());
        Assert.Equal(2, alerts.Count);
        Assert.Equal(16, alerts[0].Features.Length);
        var incident = Assert.Single(reopened.ReadIncidents(new AlertFilter()));
        Assert.Equal((2, 2, 70), (incident.Alerts, incident.OpenAlerts, incident.MaxScore));
    }

    [Fact]
    public void AppendAlerts_GapLongerThanTheIncidentGap_StartsANewIncidentPerIdentity()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        store.AppendAlerts([
            Alert("j:1", "alice", T0), Alert("j:2", "bob", T0), Alert("j:3", "alice", T0 + VigilStore.IncidentGapMs),
            Alert("j:4", "alice", T0 + (3 * VigilStore.IncidentGapMs)), Alert("j:5", "alice", T0 + 1, tenant: "acme"),
        ]);

        var incidents = store.ReadIncidents(new AlertFilter { Tenant = "default", Identity = "alice" });
        Assert.Equal([1, 2], incidents.Select(i => i.Alerts).Order());
        Assert.Equal(4, store.ReadIncidents(new AlertFilter()).Count);
    }

    [Fact]
    public void PruneAlerts_PastRetentionAndOverTheCap_DeletesTheOldestAndKeepsIncidentsConsistent()
    {
        using var dir = new TempDataDir();
        var clock = new ManualClock(T0);
        using var store = VigilStore.Open(dir.Path, clock);
        store.AppendAlerts([Alert("j:1", "alice", T0), Alert("j:2", "alice", T0 + 1)]);
        clock.Now = T0 + 86_400_000L;
        store.AppendAlerts([Alert("j:3", "alice", T0 + 2), .. Enumerable.Range(4, 5).Select(i => Alert($"j:{i}", "bob", T0 + i))]);
        store.SetAlertStatus(store.ReadAlerts(new AlertFilter { Identity = "alice" })[0].Id, "dismissed", "analyst", T0, wholeIncident: false);

        // Stored before the cut-off (a day's retention, one day later): the first two go.
        Assert.Equal(2, store.PruneAlerts(T0 + 1, maxAlerts: 1_000));
        var alice = Assert.Single(store.ReadIncidents(new AlertFilter { Identity = "alice" }));
        Assert.Equal((1, 0), (alice.Alerts, alice.OpenAlerts));
        Assert.Equal("resolved", alice.Status);

        // Over the cap: the oldest beyond it go, and an incident left with no alert goes with them.
        Assert.Equal(3, store.PruneAlerts(0, maxAlerts: 3));
        Assert.Equal(3, store.ReadAlerts(new AlertFilter()).Count);
        Assert.Empty(store.ReadIncidents(new AlertFilter { Identity = "alice" }));
        Assert.Equal(0, store.PruneAlerts(0, maxAlerts: 3));
    }

    [Fact]
    public void SetAlertStatus_WholeIncident_ClosesOnlyItsOpenAlerts()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        store.AppendAlerts([Alert("j:1", "alice", T0), Alert("j:2", "alice", T0 + 1), Alert("j:3", "alice", T0 + 2), Alert("j:4", "bob", T0)]);
        var ids = store.ReadAlerts(new AlertFilter { Identity = "alice" }).Select(a => a.Id).Order().ToList();
        store.SetAlertStatus(ids[2], "confirmed_compromised", "x", T0, wholeIncident: false);

        var changed = store.SetAlertStatus(ids[0], "dismissed", "x", T0, wholeIncident: true);
        Assert.Equal([ids[0], ids[1]], changed);
        Assert.Equal("confirmed_compromised", store.ReadAlert(ids[2])!.Status);
        Assert.Equal("open", store.ReadAlerts(new AlertFilter { Identity = "bob" })[0].Status);
        Assert.Empty(store.SetAlertStatus(ids[0], "dismissed", "x", T0, wholeIncident: false));
    }

    private sealed class ManualClock(long nowMs) : TimeProvider
    {
        public long Now { get; set; } = nowMs;

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(Now);
    }
}
