using System.Text.Json;

namespace Vigil.Lab.Simulation;

/// <summary>
/// An AI agent acting for its users: tasks during their working hours, each a token exchange (sign-in on behalf
/// of the user) followed by tool calls and reads of the user's everyday resources.
/// </summary>
internal sealed class AgentActor : Actor
{
    private readonly AgentProfile _a;
    private readonly SimRandom _r;

    // Words are drawn from their own stream, so adding them left every other draw (and every earlier result) as it was.
    private readonly SimRandom _words;
    private readonly List<(long Start, HumanProfile For)> _tasks = [];
    private int _taskPos;
    private int _nextDay = -1;

    public AgentActor(AgentProfile profile, SimContext ctx)
    {
        _a = profile;
        _r = new SimRandom(profile.Seed ^ 0xA6E7UL);
        _words = new SimRandom(profile.Seed ^ 0x7E47UL);
        WakeMs = ctx.StartMs;
    }

    public static JsonEncodedText EncodedAgent(AgentProfile agent) => agent.EncodedUserAgent;

    public static void ToolCall(Actor actor, long t, in EventOrigin o, Resource tool, SimRandom r, (JsonEncodedText Name, JsonEncodedText Args)? words = null)
    {
        ref var e = ref actor.Emit(t, EventAction.ApiCall, EventOutcome.Success, o);
        if (words is var (name, args))
        {
            e.ToolName = name;
            e.ToolArguments = args;
        }

        e.Resource = tool;
        e.HttpVerb = HttpVerb.Post;
        e.ResourceAction = tool.Id == "tool-email-send" ? ResourceAction.Write : ResourceAction.Read;
        e.BytesDown = (long)r.LogNormal(tool.MedianBytes, 0.8);
        e.BytesUp = (long)r.LogNormal(1_500, 0.6);
    }

    public override void Refill(SimContext ctx)
    {
        while (true)
        {
            if (_taskPos < _tasks.Count)
            {
                var (start, principal) = _tasks[_taskPos];
                if (start > WakeMs)
                {
                    WakeMs = start;
                    return;
                }

                _taskPos++;
                RunTask(ctx, WakeMs, principal);
                WakeMs = Math.Max(WakeMs, LastBufferedMs) + SimTime.Second;
                return;
            }

            if (_nextDay > ctx.Days)
            {
                Finished = true;
                return;
            }

            PlanDay(ctx, _nextDay++);
        }
    }

    private void PlanDay(SimContext ctx, int day)
    {
        _tasks.Clear();
        _taskPos = 0;
        var lead = _a.Principals[0];
        var date = ctx.StartDate.AddDays(day);
        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var n = weekend ? (_r.Chance(0.1) ? 1 : 0) : _r.Poisson(_a.TasksPerDay);
        var midnight = ctx.StartMs + (day * SimTime.Day) - lead.OffsetMs;
        for (var i = 0; i < n; i++)
        {
            var principal = _a.Principals[_r.Next(_a.Principals.Length)];
            var start = midnight + ((lead.StartMinute + _r.Next(0, principal.WorkMinutes)) * SimTime.Minute);
            if (start >= ctx.StartMs && start < ctx.EndMs)
            {
                _tasks.Add((start, principal));
            }
        }

        _tasks.Sort((x, y) => x.Start.CompareTo(y.Start));
    }

    private void RunTask(SimContext ctx, long t, HumanProfile principal)
    {
        var o = new EventOrigin
        {
            Identity = _a.Identity,
            Network = _a.Platform,
            Ip = _a.Platform.Address((SimRandom.Hash(_a.Seed) % 8) + (ulong)_r.Next(2)),
            UserAgent = _a.EncodedUserAgent,
            OnBehalfOf = principal.Identity,
            SessionId = ctx.NewSessionId(),
            TokenId = ctx.NewTokenId(),
            AgentTask = AgentTexts.Task(_a.Kind, _words),
        };
        Emit(t, EventAction.SignIn, EventOutcome.Success, o).AuthMethod = AuthMethod.ClientSecret;
        for (var i = 0; i < _r.Next(2, 10); i++)
        {
            t += _r.Next(2, 30) * SimTime.Second;
            if (_r.Chance(0.6))
            {
                var tool = _a.Tools[_r.Next(_a.Tools.Length)];
                ToolCall(this, t, o, tool, _r, AgentTexts.Call(_a.Kind, tool, _words));
            }
            else
            {
                var res = _a.Reads[_r.Next(_a.Reads.Length)];
                ref var e = ref Emit(t, EventAction.ResourceAccess, EventOutcome.Success, o);
                e.Resource = res;
                e.ResourceAction = ResourceAction.Read;
                e.BytesDown = (long)_r.LogNormal(res.MedianBytes * 0.3, 0.8);
                e.BytesUp = 400;
            }
        }
    }
}
