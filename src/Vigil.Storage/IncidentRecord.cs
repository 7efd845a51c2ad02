namespace Vigil.Storage;

/// <summary>Alerts of one identity close together in time (<see cref="VigilStore.IncidentGapMs"/>).</summary>
/// <param name="Id">Its id.</param>
/// <param name="Tenant">The tenant.</param>
/// <param name="Identity">The identity.</param>
/// <param name="FirstMs">The first alert's event time, Unix ms.</param>
/// <param name="LastMs">The last alert's event time, Unix ms.</param>
/// <param name="Alerts">How many alerts it holds.</param>
/// <param name="OpenAlerts">How many of them are still open.</param>
/// <param name="MaxScore">The highest score among them.</param>
public sealed record IncidentRecord(long Id, string Tenant, string Identity, long FirstMs, long LastMs, int Alerts, int OpenAlerts, int MaxScore)
{
    /// <summary>open while any of its alerts is open, else resolved.</summary>
    public string Status => OpenAlerts > 0 ? "open" : "resolved";
}
