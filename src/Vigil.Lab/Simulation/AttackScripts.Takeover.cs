namespace Vigil.Lab.Simulation;

internal static partial class AttackScripts
{
    /// <summary>
    /// T1078 with a phished password and MFA relay: the attacker comes from a residential proxy in the victim's
    /// country with the victim's exact browser version, but from an unknown device, another ISP, at an odd hour,
    /// and goes straight for mail rules and the most sensitive data the victim can reach.
    /// </summary>
    private static void AccountTakeover(CampaignActor a, SimContext ctx, SimRandom r)
    {
        var victim = Victim(ctx, a.Campaign);
        var t = LocalStart(a, ctx, victim.OffsetMs, r.Chance(0.6) ? r.Next(19 * 60, 23 * 60) : r.Next(4 * 60, 6 * 60), 3 * SimTime.Hour);
        var day = Math.Clamp(ctx.DayOf(t), 0, ctx.Days - 1);
        var ua = (victim.PrimaryOn(day) ?? victim.Devices[0]).UserAgentOn(day);
        var o = a.Origin(victim.Identity, Net(ctx, r, Infrastructure.ResidentialProxy, victim.Home.CountryIso, victim.Home), ua, null);
        o.SessionId = ctx.NewSessionId();
        SignIn(a, t, o, AuthMethod.Password, EventOutcome.Success);
        Mfa(a, t += 1_200, o, MfaMethod.Sms, MfaResult.Sent);
        Mfa(a, t += r.Next(15, 60) * SimTime.Second, o, MfaMethod.Sms, MfaResult.Approved);
        o.TokenId = ctx.NewTokenId();
        var email = ctx.Org.Resource("email");
        Access(a, t += r.Next(20, 90) * SimTime.Second, o, email, ResourceAction.Read, (long)r.LogNormal(400_000, 0.6));
        Access(a, t += r.Next(30, 120) * SimTime.Second, o, email, ResourceAction.Admin, 2_000); // inbox forwarding rule
        var n = r.Next(10, 40);
        for (var i = 0; i < n; i++)
        {
            var res = r.Chance(0.6) ? MostSensitive(r, victim) : victim.Resources[r.Next(victim.Resources.Length)];
            Access(a, t += r.Next(15, 180) * SimTime.Second, o, res, ResourceAction.Read, (long)r.LogNormal(res.MedianBytes * 8, 1.0));
        }
    }

    /// <summary>T1621: with a valid password the attacker triggers push prompt after push prompt until one is approved.</summary>
    private static void MfaFatigue(CampaignActor a, SimContext ctx, SimRandom r)
    {
        var victim = Victim(ctx, a.Campaign);
        var prompts = r.Next(5, 25);
        var t = LocalStart(a, ctx, victim.OffsetMs, r.Next(22 * 60, 24 * 60), (prompts * 2 * SimTime.Minute) + SimTime.Hour);
        var day = Math.Clamp(ctx.DayOf(t), 0, ctx.Days - 1);
        var o = a.Origin(victim.Identity, Net(ctx, r, r.Chance(0.5) ? Infrastructure.Vpn : Infrastructure.Hosting), AttackerBrowser(ctx, r, day), null);
        o.SessionId = ctx.NewSessionId();
        SignIn(a, t, o, AuthMethod.Password, EventOutcome.Success);
        var givesIn = r.Chance(0.85);
        for (var i = 0; i < prompts; i++)
        {
            Mfa(a, t += r.Next(20, 90) * SimTime.Second, o, MfaMethod.Push, MfaResult.Sent);
            var last = i == prompts - 1;
            Mfa(a, t += r.Next(5, 60) * SimTime.Second, o, MfaMethod.Push,
                last && givesIn ? MfaResult.Approved : r.Chance(0.4) ? MfaResult.Denied : MfaResult.Timeout);
        }

        if (!givesIn)
        {
            return;
        }

        o.TokenId = ctx.NewTokenId();
        for (var i = 0; i < r.Next(5, 20); i++)
        {
            var res = i == 0 ? ctx.Org.Resource("email") : MostSensitive(r, victim);
            Access(a, t += r.Next(20, 150) * SimTime.Second, o, res, ResourceAction.Read, (long)r.LogNormal(res.MedianBytes * 5, 1.0));
        }
    }

    /// <summary>
    /// T1539 / T1550.004: a session cookie stolen by an infostealer or AiTM proxy is replayed. No sign-in and no
    /// MFA: the victim's live session id and token appear from a new IP, ASN and device.
    /// </summary>
    private static void SessionHijack(CampaignActor a, SimContext ctx, SimRandom r, SessionContext s)
    {
        var t = a.StartMs + (r.Next(10, 120) * SimTime.Minute);
        var ua = r.Chance(0.5) ? s.Origin.UserAgent : AttackerBrowser(ctx, r, s.Day);
        var o = a.Origin(s.Victim.Identity, Net(ctx, r, r.Chance(0.6) ? Infrastructure.Hosting : AnyInfra(r)), ua, null);
        o.SessionId = s.Origin.SessionId;
        o.TokenId = s.Origin.TokenId;
        a.Emit(t, EventAction.TokenUse, EventOutcome.Success, o);
        for (var i = 0; i < r.Next(5, 25); i++)
        {
            var res = r.Chance(0.5) ? MostSensitive(r, s.Victim) : s.Victim.Resources[r.Next(s.Victim.Resources.Length)];
            Access(a, t += r.Next(5, 90) * SimTime.Second, o, res, ResourceAction.Read, (long)r.LogNormal(res.MedianBytes * 6, 1.0));
        }
    }

    /// <summary>
    /// The victim signs in at home; minutes later the same account signs in successfully from another continent,
    /// faster than any flight (the speed check of Entra's "atypical travel").
    /// </summary>
    private static void ImpossibleTravel(CampaignActor a, SimContext ctx, SimRandom r, SessionContext s)
    {
        var t = a.StartMs + (r.Next(15, 120) * SimTime.Minute);
        var home = s.Victim.Home;
        var far = ctx.World.Cities.Where(c => c.DistanceKm(home) > 4_000).ToArray();
        var city = far.Length > 0 ? far[r.Next(far.Length)] : ctx.World.Cities[r.Next(ctx.World.Cities.Count)];
        var block = r.Chance(0.7) ? ctx.World.Residential[city.Index][r.Next(2)] : ctx.World.Mobile[city.Index];
        var o = a.Origin(s.Victim.Identity, (block, block.RandomAddress(r)), AttackerBrowser(ctx, r, s.Day), null);
        o.SessionId = ctx.NewSessionId();
        SignIn(a, t, o, AuthMethod.Password, EventOutcome.Success);
        Mfa(a, t += 1_000, o, MfaMethod.Sms, MfaResult.Sent);
        Mfa(a, t += r.Next(10, 40) * SimTime.Second, o, MfaMethod.Sms, MfaResult.Approved);
        o.TokenId = ctx.NewTokenId();
        for (var i = 0; i < r.Next(2, 8); i++)
        {
            var res = s.Victim.Resources[r.Next(s.Victim.Resources.Length)];
            Access(a, t += r.Next(30, 300) * SimTime.Second, o, res, ResourceAction.Read, (long)r.LogNormal(res.MedianBytes * 3, 1.0));
        }
    }
}
