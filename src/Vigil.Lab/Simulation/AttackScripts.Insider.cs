using System.Text.Json;

namespace Vigil.Lab.Simulation;

internal static partial class AttackScripts
{
    private static readonly JsonEncodedText[] EscalatedRoles =
        new[] { "role:global-admin", "role:cloud-admin", "role:db-owner", "role:privileged-role-admin" }
            .Select(s => JsonEncodedText.Encode(s, EcsWriter.Encoder)).ToArray();

    /// <summary>
    /// T1530 / T1213: an employee about to leave reads far more, and more sensitive, data than they or their peers
    /// ever do, over a few evenings, from their own managed laptop at home; some of it is uploaded to a personal drive.
    /// </summary>
    private static void InsiderExfiltration(CampaignActor a, SimContext ctx, SimRandom r)
    {
        var insider = Victim(ctx, a.Campaign);
        var evenings = r.Next(1, 4);
        var reachable = ctx.Org.Resources.Where(x => x.Department == insider.Department.Name || x.Department == "all")
            .Where(x => x.Kind is ResourceKind.FileShare or ResourceKind.Database or ResourceKind.App).ToArray();
        var t = LocalStart(a, ctx, insider.OffsetMs, r.Next(18 * 60, 21 * 60), 3 * SimTime.Hour);
        for (var evening = 0; evening < evenings && t < ctx.EndMs; evening++)
        {
            var day = Math.Clamp(ctx.DayOf(t), 0, ctx.Days - 1);
            var device = insider.PrimaryOn(day) ?? insider.Devices[0];
            var o = a.Origin(insider.Identity, (insider.HomeBlock, insider.HomeIp(day)), device.UserAgentOn(day), device);
            o.SessionId = ctx.NewSessionId();
            SignIn(a, t, o, insider.PreferredAuth, EventOutcome.Success);
            if (device.Managed)
            {
                a.Emit(t += 2_000, EventAction.DevicePosture, EventOutcome.Success, o).DeviceCompliant = true;
            }

            o.TokenId = ctx.NewTokenId();
            for (var i = 0; i < r.Next(20, 80); i++)
            {
                var res = r.Chance(0.5) ? MostSensitive(r, insider) : reachable.Length > 0 ? reachable[r.Next(reachable.Length)] : insider.Resources[0];
                Access(a, t += r.Next(10, 120) * SimTime.Second, o, res, ResourceAction.Read, (long)r.LogNormal(30_000_000, 1.0));
                if (r.Chance(0.15))
                {
                    var drop = ctx.Org.ExternalDrops[1];
                    ref var up = ref a.Emit(t += r.Next(30, 200) * SimTime.Second, EventAction.ApiCall, EventOutcome.Success, o);
                    up.Resource = drop;
                    up.ResourceAction = ResourceAction.Write;
                    up.HttpVerb = HttpVerb.Put;
                    up.BytesUp = (long)r.LogNormal(80_000_000, 0.8);
                }
            }

            t = SimTime.NextLocal(t + SimTime.Hour, insider.OffsetMs, r.Next(18 * 60, 21 * 60));
        }
    }

    /// <summary>
    /// TA0008: a compromised endpoint (the victim's own laptop and network) walks resources of other departments at
    /// night: new edges in the access graph, many denials while probing.
    /// </summary>
    private static void LateralMovement(CampaignActor a, SimContext ctx, SimRandom r)
    {
        var victim = Victim(ctx, a.Campaign);
        var t = LocalStart(a, ctx, victim.OffsetMs, r.Next(60, 4 * 60), 3 * SimTime.Hour);
        var day = Math.Clamp(ctx.DayOf(t), 0, ctx.Days - 1);
        var device = victim.PrimaryOn(day) ?? victim.Devices[0];
        var net = victim.OfficeEgress is not null && r.Chance(0.5)
            ? (victim.OfficeEgress, victim.OfficeIp((ulong)day))
            : (victim.VpnHub, victim.VpnHub.Address((ulong)r.Next(6)));
        var o = a.Origin(victim.Identity, net, device.UserAgentOn(day), device);
        o.SessionId = ctx.NewSessionId();
        SignIn(a, t, o, AuthMethod.Sso, EventOutcome.Success);
        o.TokenId = ctx.NewTokenId();
        var foreign = ctx.Org.Resources.Where(x => x.Department != victim.Department.Name && x.Department is not "all" and not "external"
            && x.Kind is ResourceKind.Database or ResourceKind.FileShare or ResourceKind.AdminConsole or ResourceKind.Api).ToArray();
        for (var i = 0; i < r.Next(15, 60); i++)
        {
            var res = foreign[r.Next(foreign.Length)];
            var denied = r.Chance(0.35);
            Access(a, t += r.Next(20, 120) * SimTime.Second, o, res, r.Chance(0.8) ? ResourceAction.Read : ResourceAction.Admin,
                (long)r.LogNormal(res.MedianBytes, 1.2), denied ? EventOutcome.Failure : EventOutcome.Success);
        }
    }

    /// <summary>
    /// T1098: the account is granted a powerful role outside the normal process (by itself through a flawed
    /// self-service path, or by a compromised helpdesk account) and the new rights are used at once.
    /// </summary>
    private static void PrivilegeEscalation(CampaignActor a, SimContext ctx, SimRandom r)
    {
        var victim = Victim(ctx, a.Campaign);
        var t = LocalStart(a, ctx, victim.OffsetMs, r.Next(8 * 60, 23 * 60), 2 * SimTime.Hour);
        var day = Math.Clamp(ctx.DayOf(t), 0, ctx.Days - 1);
        var fromAttacker = r.Chance(0.5);
        var device = fromAttacker ? null : victim.PrimaryOn(day) ?? victim.Devices[0];
        var net = fromAttacker ? Net(ctx, r, AnyInfra(r)) : (victim.HomeBlock, victim.HomeIp(day));
        var ua = device?.UserAgentOn(day) ?? AttackerBrowser(ctx, r, day);
        var o = a.Origin(victim.Identity, net, ua, device);
        o.SessionId = ctx.NewSessionId();
        SignIn(a, t, o, AuthMethod.Password, EventOutcome.Success);
        o.TokenId = ctx.NewTokenId();
        var helpdesk = ctx.Org.Humans.Where(h => h.Role.Name == "helpdesk").ToArray();
        ref var change = ref a.Emit(t += r.Next(1, 10) * SimTime.Minute, EventAction.PrivilegeChange, EventOutcome.Success, o);
        change.Privilege = EscalatedRoles[r.Next(EscalatedRoles.Length)];
        change.Actor = helpdesk.Length > 0 && r.Chance(0.5) ? helpdesk[r.Next(helpdesk.Length)].Identity : victim.Identity;
        string[] targets = ["idp-admin", "cloud-console", "firewall-admin", "hr-records", "payroll"];
        for (var i = 0; i < r.Next(5, 20); i++)
        {
            var res = ctx.Org.Resource(targets[r.Next(targets.Length)]);
            Access(a, t += r.Next(20, 240) * SimTime.Second, o, res,
                res.Kind == ResourceKind.AdminConsole ? ResourceAction.Admin : ResourceAction.Read, (long)r.LogNormal(res.MedianBytes * 4, 1.0));
        }
    }
}
