namespace Vigil.Lab.Simulation;

/// <summary>
/// One employee's telemetry, a working day at a time: shifts in local time, office or home or mobile networks,
/// business trips with flights, vacations, holidays and weekends, and sessions of sign-in, MFA, device posture,
/// resource access and token refresh. All variance here is legitimate; attacks come from campaign actors.
/// </summary>
internal sealed partial class HumanActor : Actor
{
    private readonly HumanProfile _p;
    private readonly SimRandom _r;
    private readonly List<PlannedSession> _plan = new(6);
    private readonly List<Campaign> _attached = [];
    private int _planPos;
    private int _nextDay = -1;
    private City? _tripCity;
    private int _tripEnd = -1;

    public HumanActor(HumanProfile profile, SimContext ctx)
    {
        _p = profile;
        _r = new SimRandom(profile.Seed ^ 0xA5A5_A5A5UL);
        WakeMs = ctx.StartMs;
    }

    public HumanProfile Profile => _p;

    /// <summary>Registers a campaign that rides on one of this person's sessions on its day.</summary>
    public void Attach(Campaign campaign) => _attached.Add(campaign);

    public override void Refill(SimContext ctx)
    {
        while (true)
        {
            if (_planPos < _plan.Count)
            {
                var s = _plan[_planPos];
                if (s.StartMs > WakeMs)
                {
                    WakeMs = s.StartMs;
                    return;
                }

                _planPos++;
                GenerateSession(ctx, s, WakeMs);
                if (HasEvents)
                {
                    WakeMs = Math.Max(WakeMs, LastBufferedMs) + SimTime.Minute;
                    return;
                }

                continue;
            }

            if (_nextDay > ctx.Days)
            {
                Finished = true;
                return;
            }

            PlanDay(ctx, _nextDay++);
        }
    }
}
