using System.Text.Json;

namespace Vigil.Lab.Simulation;

/// <summary>
/// A laptop, desktop or phone. Its browser updates on the release calendar with a per-device lag (auto-update
/// is not instant), so the user agent of one person changes every few weeks without anything being wrong.
/// </summary>
internal sealed class Device
{
    private readonly DateOnly _start;
    private int _cachedVersion = -1;
    private JsonEncodedText _cachedUserAgent;

    public Device(string id, UserAgentProfile profile, bool managed, int lagDays, int firstDay, DateOnly start)
    {
        Id = id;
        Profile = profile;
        Managed = managed;
        LagDays = lagDays;
        FirstDay = firstDay;
        _start = start;
        EncodedId = JsonEncodedText.Encode(id, EcsWriter.Encoder);
        EncodedOs = JsonEncodedText.Encode(UserAgents.OsName(profile), EcsWriter.Encoder);
        HostJson = EcsWriter.Render(w =>
        {
            w.WriteString("id", EncodedId);
            w.WriteStartObject("os");
            w.WriteString("name", EncodedOs);
            w.WriteEndObject();
        });
    }

    public string Id { get; }

    public UserAgentProfile Profile { get; }

    public bool Managed { get; }

    public int LagDays { get; }

    /// <summary>First simulated day this device is in use (new devices appear mid-run).</summary>
    public int FirstDay { get; }

    /// <summary>Last simulated day in use (a replaced laptop stops here).</summary>
    public int LastDay { get; init; } = int.MaxValue;

    public bool InUseOn(int day) => day >= FirstDay && day <= LastDay;

    public bool IsMobile => UserAgents.IsMobile(Profile);

    public JsonEncodedText EncodedId { get; }

    public JsonEncodedText EncodedOs { get; }

    /// <summary>The ECS <c>host</c> object, rendered once.</summary>
    public byte[] HostJson { get; }

    public JsonEncodedText UserAgentOn(int day)
    {
        var date = _start.AddDays(day - LagDays);
        var version = UserAgents.Version(Profile, date) * 16 + ((date.DayNumber - 738_000) % 365 / 60);
        if (version != _cachedVersion)
        {
            _cachedVersion = version;
            _cachedUserAgent = JsonEncodedText.Encode(UserAgents.Build(Profile, date), EcsWriter.Encoder);
        }

        return _cachedUserAgent;
    }
}
