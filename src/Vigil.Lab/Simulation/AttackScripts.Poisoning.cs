namespace Vigil.Lab.Simulation;

internal static partial class AttackScripts
{
    /// <summary>
    /// Baseline poisoning, then T1078 (issue 13): with a stolen password the attacker first signs in now and then from
    /// rented infrastructure (hosting, or a residential proxy in the victim's country), with the victim's own browser,
    /// at working hours, and reads nothing sensitive: a dozen quiet accesses over two to four days, each low-risk, meant
    /// to make the network look normal. Then the takeover from the same network block: mail rules and the most
    /// sensitive data, as in <see cref="AccountTakeover"/>.
    /// </summary>
    private static void LowAndSlowTakeover(CampaignActor a, SimContext ctx, SimRandom r)
    {
        var victim = Victim(ctx, a.Campaign);
        var infra = r.Chance(0.5) ? Infrastructure.Hosting : Infrastructure.ResidentialProxy;
        var (block, _) = Net(ctx, r, infra, victim.Home.CountryIso, victim.Home);
        var probes = r.Next(8, 14);
        var spanDays = r.Next(2, 5);
        var t = LocalStart(a, ctx, victim.OffsetMs, r.Next(9 * 60, 16 * 60), (spanDays + 1) * SimTime.Day);
        var step = spanDays * SimTime.Day / probes;
        for (var i = 0; i < probes; i++)
        {
            var day = Math.Clamp(ctx.DayOf(t), 0, ctx.Days - 1);
            var ua = (victim.PrimaryOn(day) ?? victim.Devices[0]).UserAgentOn(day);
            var probe = a.Origin(victim.Identity, (block, block.RandomAddress(r)), ua, null);
            probe.SessionId = ctx.NewSessionId();
            SignIn(a, t, probe, AuthMethod.Password, EventOutcome.Success);
            var quiet = victim.Resources.Where(x => x.Sensitivity <= Sensitivity.Low).ToArray();
            var res = quiet.Length > 0 ? quiet[r.Next(quiet.Length)] : victim.Resources[r.Next(victim.Resources.Length)];
            Access(a, t + (r.Next(20, 120) * SimTime.Second), probe, res, ResourceAction.Read, (long)r.LogNormal(res.MedianBytes, 0.5));
            t += step + (r.Next(-60, 60) * SimTime.Minute);
        }

        var last = Math.Clamp(ctx.DayOf(t), 0, ctx.Days - 1);
        var o = a.Origin(victim.Identity, (block, block.RandomAddress(r)), (victim.PrimaryOn(last) ?? victim.Devices[0]).UserAgentOn(last), null);
        o.SessionId = ctx.NewSessionId();
        SignIn(a, t, o, AuthMethod.Password, EventOutcome.Success);
        o.TokenId = ctx.NewTokenId();
        var email = ctx.Org.Resource("email");
        Access(a, t += r.Next(20, 90) * SimTime.Second, o, email, ResourceAction.Admin, 2_000); // inbox forwarding rule
        for (var i = 0; i < r.Next(10, 30); i++)
        {
            var res = r.Chance(0.7) ? MostSensitive(r, victim) : victim.Resources[r.Next(victim.Resources.Length)];
            Access(a, t += r.Next(15, 180) * SimTime.Second, o, res, ResourceAction.Read, (long)r.LogNormal(res.MedianBytes * 8, 1.0));
        }
    }
}
