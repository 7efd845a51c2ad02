using System.Globalization;
using System.Text.Json;

namespace Vigil.Lab.Simulation;

/// <summary>
/// A service principal or API key, an hour (one access token) at a time: steady probes and integrations, CI that
/// follows office hours, nightly ETL and backup bursts. Deployments move it to new addresses (now and then to
/// another region) with a new client version; credentials rotate on their own schedule.
/// </summary>
internal sealed class WorkloadActor : Actor
{
    private readonly WorkloadProfile _w;
    private readonly SimRandom _r;
    private int _deploy = -1;
    private JsonEncodedText _userAgent;

    public WorkloadActor(WorkloadProfile profile, SimContext ctx)
    {
        _w = profile;
        _r = new SimRandom(profile.Seed ^ 0x5EED_0F_F00DUL);
        WakeMs = ctx.StartMs + (_r.Next(0, 60) * SimTime.Minute);
    }

    public static JsonEncodedText CredentialFor(WorkloadProfile w, int day)
    {
        var rotation = (day + (int)(w.Seed % (ulong)w.RotateEveryDays)) / w.RotateEveryDays;
        return JsonEncodedText.Encode(string.Create(CultureInfo.InvariantCulture, $"cred-{w.Identity.Id}-{rotation:D3}"), EcsWriter.Encoder);
    }

    public override void Refill(SimContext ctx)
    {
        var windowStart = WakeMs;
        if (windowStart >= ctx.EndMs)
        {
            Finished = true;
            return;
        }

        var windowEnd = windowStart + SimTime.Hour;
        var day = ctx.DayOf(windowStart);
        var local = windowStart + _w.OffsetMs;
        var localHour = (int)(((local % SimTime.Day) + SimTime.Day) % SimTime.Day / SimTime.Hour);
        var localDate = DateOnly.FromDayNumber((int)(local / SimTime.Day) + 719_162);
        var weekend = localDate.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

        var (gap, count) = _w.Pattern switch
        {
            "monitoring" => (_w.IntervalMs, int.MaxValue),
            "integration" => (weekend ? _w.IntervalMs * 2 : localHour < 6 ? _w.IntervalMs * 3 : _w.IntervalMs, int.MaxValue),
            "ci" => !weekend && localHour is >= 8 and < 19 ? (_w.IntervalMs, int.MaxValue) : _r.Chance(0.03) ? (_w.IntervalMs, 3) : (0L, 0),
            _ => localHour == 2 ? (_w.IntervalMs, _r.Next(100, 400)) : (0L, 0),
        };

        WakeMs = windowEnd;
        if (count == 0)
        {
            return;
        }

        var deploy = (day + (int)(_w.Seed % (ulong)_w.DeployEveryDays)) / _w.DeployEveryDays;
        if (deploy != _deploy)
        {
            _deploy = deploy;
            _userAgent = JsonEncodedText.Encode(string.Format(CultureInfo.InvariantCulture, _w.ClientName, deploy + 3), EcsWriter.Encoder);
        }

        // Roughly one deployment in eight lands in another region of the same provider.
        var region = SimRandom.Hash(_w.Seed ^ (ulong)deploy) % 8 == 0 ? (_w.Region + 1) % 8 : _w.Region;
        var block = ctx.World.HostingBlock(_w.Provider, region);
        var t = windowStart + _r.Next(0, 30_000);
        var o = new EventOrigin
        {
            Identity = _w.Identity,
            Network = block,
            Ip = block.Address(SimRandom.Hash(_w.Seed ^ ((ulong)deploy * 7))),
            UserAgent = _userAgent,
            Credential = CredentialFor(_w, day),
            SessionId = ctx.NewSessionId(),
            TokenId = ctx.NewTokenId(),
        };
        Emit(t, EventAction.SignIn, EventOutcome.Success, o).AuthMethod = _w.Auth;
        for (var i = 0; i < count; i++)
        {
            t += Math.Max(200, (long)(gap * _r.Uniform(0.9, 1.1)));
            if (t >= windowEnd || t >= ctx.EndMs)
            {
                break;
            }

            o.Ip = block.Address(SimRandom.Hash(_w.Seed ^ ((ulong)deploy * 7) ^ (ulong)_r.Next(3)));
            var target = _w.Targets[_r.Next(_w.Targets.Length)];
            var failed = _r.Chance(0.003);
            ref var e = ref Emit(t, EventAction.ApiCall, failed ? EventOutcome.Failure : EventOutcome.Success, o);
            e.Resource = target;
            var write = _w.Pattern == "integration" && _r.Chance(0.3);
            e.HttpVerb = write ? HttpVerb.Post : HttpVerb.Get;
            e.ResourceAction = write ? ResourceAction.Write : ResourceAction.Read;
            e.FailureReason = failed ? FailureReason.AccessDenied : FailureReason.None;
            var bulk = _w.Pattern is "etl" or "backup" ? 20 : 1;
            e.BytesDown = failed ? 0 : (long)_r.LogNormal(target.MedianBytes * bulk * (write ? 0.05 : 1), 0.7);
            e.BytesUp = write ? (long)_r.LogNormal(20_000, 0.8) : _r.Next(150, 600);
        }

        WakeMs = Math.Max(windowEnd, LastBufferedMs);
    }
}
