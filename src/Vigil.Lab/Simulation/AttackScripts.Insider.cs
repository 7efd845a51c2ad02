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
    /// In half of the campaigns the data goes through a staging host first (T1074.002): copied to a share the insider
    /// does not use, then uploaded from there in one burst at the end of the evening.
    /// </summary>
    private static void InsiderExfiltration(CampaignActor a, SimContext ctx, SimRandom r)
    {
        var insider = Victim(ctx, a.Campaign);
        var evenings = r.Next(1, 4);
        var reachable = ctx.Org.Resources.Where(x => x.Department == insider.Department.Name || x.Department == "all")
            .Where(x => x.Kind is ResourceKind.FileShare or ResourceKind.Database or ResourceKind.App).ToArray();
        var t = LocalStart(a, ctx, insider.OffsetMs, r.Next(18 * 60, 21 * 60), 3 * SimTime.Hour);
        var shares = ctx.Org.Resources.Where(x => x.Kind == ResourceKind.FileShare && !insider.Resources.Contains(x)).ToArray();
        var staging = shares.Length > 0 && r.Chance(0.5) ? shares[r.Next(shares.Length)] : null;
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
                long bytes = (long)r.LogNormal(30_000_000, 1.0);
                Access(a, t += r.Next(10, 120) * SimTime.Second, o, res, ResourceAction.Read, bytes);
                if (staging is not null)
                {
                    Access(a, t += r.Next(5, 40) * SimTime.Second, o, staging, ResourceAction.Write, bytes * 4);
                }
                else if (r.Chance(0.15))
                {
                    var drop = ctx.Org.ExternalDrops[1];
                    ref var up = ref a.Emit(t += r.Next(30, 200) * SimTime.Second, EventAction.ApiCall, EventOutcome.Success, o);
                    up.Resource = drop;
                    up.ResourceAction = ResourceAction.Write;
                    up.HttpVerb = HttpVerb.Put;
                    up.BytesUp = (long)r.LogNormal(80_000_000, 0.8);
                }
            }

            for (var i = 0; staging is not null && i < r.Next(5, 15); i++)
            {
                Access(a, t += r.Next(5, 30) * SimTime.Second, o, staging, ResourceAction.Read, (long)r.LogNormal(120_000_000, 0.8));
                ref var up = ref a.Emit(t += r.Next(5, 30) * SimTime.Second, EventAction.ApiCall, EventOutcome.Success, o);
                up.Resource = ctx.Org.ExternalDrops[1];
                up.ResourceAction = ResourceAction.Write;
                up.HttpVerb = HttpVerb.Put;
                up.BytesUp = (long)r.LogNormal(120_000_000, 0.8);
            }

            t = SimTime.NextLocal(t + SimTime.Hour, insider.OffsetMs, r.Next(18 * 60, 21 * 60));
        }
    }

    /// <summary>
    /// TA0008 from a foothold (the victim's own laptop and network, at night), in one of five shapes seen in real
    /// intrusions: a walk through other departments' resources a minute or two apart; the same walk low and slow,
    /// minutes apart; an automated sweep of many hosts seconds apart, mostly denied (discovery, T1046, T1021); credential
    /// reuse hop by hop (T1550.002/.003, pass the hash or ticket: credentials harvested on the foothold sign in as other
    /// people from it, each hop reaching what that identity can); and a service account's secret used from the
    /// foothold across far more targets than the workload ever calls (T1078.004).
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
        var foreign = Foreign(ctx, victim.Department.Name);
        switch (r.Next(5))
        {
            case 0: // the walk, a minute or two apart
                Walk(a, r, o, foreign, t, r.Next(15, 60), 20, 120);
                break;
            case 1: // low and slow
                Walk(a, r, o, foreign, t, r.Next(10, 30), 180, 1200);
                break;
            case 2: // automated sweep from the foothold
                var hosts = ctx.Org.Resources.Where(x => x.Kind is ResourceKind.Database or ResourceKind.FileShare or ResourceKind.AdminConsole or ResourceKind.Api).ToArray();
                for (var i = 0; i < r.Next(40, 150); i++)
                {
                    var res = hosts[r.Next(hosts.Length)];
                    var denied = r.Chance(0.6);
                    Access(a, t += r.Next(1_000, 6_000), o, res, ResourceAction.Read, (long)r.LogNormal(res.MedianBytes / 10, 1.0), denied ? EventOutcome.Failure : EventOutcome.Success);
                }

                break;
            case 3:
                CredentialHops(a, ctx, r, o, victim, t);
                break;
            default:
                ServiceAccountFromFoothold(a, ctx, r, o, foreign, t);
                break;
        }
    }

    private static Resource[] Foreign(SimContext ctx, string department) =>
        ctx.Org.Resources.Where(x => x.Department != department && x.Department is not "all" and not "external"
            && x.Kind is ResourceKind.Database or ResourceKind.FileShare or ResourceKind.AdminConsole or ResourceKind.Api).ToArray();

    private static long Walk(CampaignActor a, SimRandom r, EventOrigin o, Resource[] targets, long t, int steps, int minSeconds, int maxSeconds)
    {
        for (var i = 0; i < steps; i++)
        {
            var res = targets[r.Next(targets.Length)];
            var denied = r.Chance(0.35);
            Access(a, t += r.Next(minSeconds, maxSeconds) * SimTime.Second, o, res, r.Chance(0.8) ? ResourceAction.Read : ResourceAction.Admin,
                (long)r.LogNormal(res.MedianBytes, 1.2), denied ? EventOutcome.Failure : EventOutcome.Success);
        }

        return t;
    }

    /// <summary>
    /// Credentials harvested on the foothold (a hash or ticket from memory) sign in as other people from the same
    /// machine and network; each hop reaches the new identity's own resources and some beyond them, then harvests the next.
    /// </summary>
    private static void CredentialHops(CampaignActor a, SimContext ctx, SimRandom r, EventOrigin foothold, HumanProfile victim, long t)
    {
        t = Walk(a, r, foothold, victim.Resources, t, r.Next(3, 8), 20, 90);
        var others = ctx.Org.Humans.Where(h => h.Department.Name != victim.Department.Name).ToArray();
        for (var hop = 0; hop < r.Next(2, 5) && others.Length > 0; hop++)
        {
            var next = others[r.Next(others.Length)];
            var o = a.Origin(next.Identity, (foothold.Network, foothold.Ip), foothold.UserAgent, foothold.Device);
            o.SessionId = ctx.NewSessionId();
            SignIn(a, t += r.Next(30, 300) * SimTime.Second, o, AuthMethod.Password, EventOutcome.Success);
            o.TokenId = ctx.NewTokenId();
            var reach = next.Resources.Concat(Foreign(ctx, next.Department.Name).Take(20)).ToArray();
            t = Walk(a, r, o, reach, t, r.Next(5, 20), 10, 90);
        }
    }

    /// <summary>A service account's secret, found on the foothold, used from it against far more targets than the workload calls.</summary>
    private static void ServiceAccountFromFoothold(CampaignActor a, SimContext ctx, SimRandom r, EventOrigin foothold, Resource[] foreign, long t)
    {
        var w = ctx.Org.Workloads.Length > 0 ? ctx.Org.Workloads[r.Next(ctx.Org.Workloads.Length)] : null;
        if (w is null)
        {
            Walk(a, r, foothold, foreign, t, r.Next(15, 60), 20, 120);
            return;
        }

        var o = a.Origin(w.Identity, (foothold.Network, foothold.Ip), Scripted(r), foothold.Device);
        o.Credential = WorkloadActor.CredentialFor(w, ctx.DayOf(t));
        o.SessionId = ctx.NewSessionId();
        o.TokenId = ctx.NewTokenId();
        SignIn(a, t += r.Next(30, 300) * SimTime.Second, o, w.Auth == AuthMethod.Certificate ? AuthMethod.ClientSecret : w.Auth, EventOutcome.Success);
        for (var i = 0; i < r.Next(20, 80); i++)
        {
            var res = r.Chance(0.3) ? w.Targets[r.Next(w.Targets.Length)] : foreign[r.Next(foreign.Length)];
            var denied = r.Chance(0.2);
            ref var e = ref a.Emit(t += r.Next(2, 30) * SimTime.Second, EventAction.ApiCall, denied ? EventOutcome.Failure : EventOutcome.Success, o);
            e.Resource = res;
            e.HttpVerb = HttpVerb.Get;
            e.ResourceAction = ResourceAction.Read;
            e.FailureReason = denied ? FailureReason.AccessDenied : FailureReason.None;
            e.BytesDown = denied ? 0 : (long)r.LogNormal(res.MedianBytes, 1.0);
            e.BytesUp = r.Next(200, 900);
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
