using System.Globalization;

namespace Vigil.Lab.Simulation;

internal static partial class AttackScripts
{
    /// <summary>
    /// T1110.004: a combo list replayed from a small pool of sources at machine speed. Most usernames do not
    /// exist here (unknown_user); the few that do fail on the password, and a rare reused password succeeds
    /// and is stopped (or not) by MFA.
    /// </summary>
    private static void CredentialStuffing(CampaignActor a, SimContext ctx, SimRandom r)
    {
        var attempts = r.Next(300, 1_500);
        var t = LocalStart(a, ctx, 0, r.Next(0, 24 * 60), attempts * 2 * SimTime.Second);
        var pool = Enumerable.Range(0, r.Next(5, 40)).Select(_ => Net(ctx, r, r.NextDouble() switch
        {
            < 0.5 => Infrastructure.Bulletproof,
            < 0.8 => Infrastructure.Hosting,
            _ => Infrastructure.ResidentialProxy,
        })).ToArray();
        var rotateAgents = r.Chance(0.3);
        var ua = Scripted(r);
        var unknown = Enumerable.Range(0, 200).Select(_ => Identity.Unknown(string.Create(CultureInfo.InvariantCulture,
            $"{r.Pick(OrgCatalog.ComboListStems)}{r.Next(1, 9999)}@{ctx.Options.EmailDomain}"))).ToArray();
        var successes = 0;
        var meanGap = r.Uniform(300, 1_500);
        for (var i = 0; i < attempts; i++)
        {
            t += (long)r.Exponential(meanGap) + 50;
            var real = r.Chance(0.12);
            var target = real ? ctx.Org.Humans[r.Next(ctx.Org.Humans.Length)].Identity : unknown[r.Next(unknown.Length)];
            var o = a.Origin(target, pool[r.Next(pool.Length)], rotateAgents ? Scripted(r) : ua, null);
            if (real && successes < 3 && r.Chance(0.02))
            {
                successes++;
                o.SessionId = ctx.NewSessionId();
                SignIn(a, t, o, AuthMethod.Password, EventOutcome.Success);
                Mfa(a, t + 800, o, MfaMethod.Push, MfaResult.Sent);
                if (r.Chance(0.7))
                {
                    Mfa(a, t + (r.Next(5, 60) * SimTime.Second), o, MfaMethod.Push, r.Chance(0.5) ? MfaResult.Denied : MfaResult.Timeout);
                }
                else
                {
                    Mfa(a, t + (r.Next(5, 30) * SimTime.Second), o, MfaMethod.Push, MfaResult.Approved);
                    var email = ctx.Org.Resource("email");
                    for (var k = 0; k < r.Next(3, 9); k++)
                    {
                        Access(a, t + ((k + 1) * r.Next(20, 90) * SimTime.Second), o, email, ResourceAction.Read, (long)r.LogNormal(200_000, 1));
                    }
                }

                continue;
            }

            SignIn(a, t, o, AuthMethod.Password, EventOutcome.Failure, real ? FailureReason.BadPassword : FailureReason.UnknownUser);
        }
    }

    /// <summary>T1110.003: one or two common passwords across many real accounts, slowly, from rotating exits.</summary>
    private static void PasswordSpray(CampaignActor a, SimContext ctx, SimRandom r)
    {
        var humans = ctx.Org.Humans;
        var targets = Enumerable.Range(0, Math.Min(humans.Length, r.Next(30, 400))).Select(_ => humans[r.Next(humans.Length)].Identity)
            .Distinct().ToList();
        var extra = Math.Max(1, targets.Count / 10);
        for (var i = 0; i < extra; i++)
        {
            targets.Add(Identity.Unknown(string.Create(CultureInfo.InvariantCulture, $"{r.Pick(OrgCatalog.FirstNames)}.{r.Pick(OrgCatalog.ComboListStems)}")));
        }

        var rounds = r.Next(1, 3);
        var meanGap = r.Uniform(15, 90) * SimTime.Second;
        var t = LocalStart(a, ctx, 0, r.Next(0, 24 * 60), (long)(targets.Count * rounds * meanGap));
        var ua = Scripted(r);
        var infra = r.Chance(0.5) ? Infrastructure.Tor : Infrastructure.Vpn;
        var succeeded = false;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var target in targets)
            {
                t += (long)r.Exponential(meanGap) + SimTime.Second;
                var o = a.Origin(target, Net(ctx, r, infra), ua, null);
                if (target.Exists && !succeeded && r.Chance(0.004))
                {
                    succeeded = true;
                    o.SessionId = ctx.NewSessionId();
                    SignIn(a, t, o, AuthMethod.Password, EventOutcome.Success);
                    Mfa(a, t + 900, o, MfaMethod.Push, MfaResult.Sent);
                    Mfa(a, t + SimTime.Minute, o, MfaMethod.Push, MfaResult.Timeout);
                    continue;
                }

                SignIn(a, t, o, AuthMethod.Password, EventOutcome.Failure, target.Exists ? FailureReason.BadPassword : FailureReason.UnknownUser);
            }

            t += r.Next(30, 120) * SimTime.Minute; // wait out the lockout observation window before the next password
        }
    }

    /// <summary>T1110.001: one source hammers one account, trips the lockout, and keeps going.</summary>
    private static void BruteForce(CampaignActor a, SimContext ctx, SimRandom r)
    {
        var victim = Victim(ctx, a.Campaign);
        var attempts = r.Next(40, 300);
        var t = LocalStart(a, ctx, 0, r.Next(0, 24 * 60), attempts * 8 * SimTime.Second);
        var o = a.Origin(victim.Identity, Net(ctx, r, r.Chance(0.5) ? Infrastructure.Bulletproof : Infrastructure.Hosting), Scripted(r), null);
        var consecutive = 0;
        var lockedUntil = long.MinValue;
        for (var i = 0; i < attempts; i++)
        {
            t += r.Next(1_000, 6_000);
            if (t < lockedUntil)
            {
                SignIn(a, t, o, AuthMethod.Password, EventOutcome.Failure, FailureReason.Locked);
                continue;
            }

            if (i == attempts - 1 && r.Chance(0.2))
            {
                o.SessionId = ctx.NewSessionId();
                SignIn(a, t, o, AuthMethod.Password, EventOutcome.Success);
                Mfa(a, t + 700, o, victim.PreferredMfa == MfaMethod.Webauthn ? MfaMethod.Push : victim.PreferredMfa, MfaResult.Sent);
                Mfa(a, t + (r.Next(10, 60) * SimTime.Second), o, MfaMethod.Push, MfaResult.Denied);
                return;
            }

            SignIn(a, t, o, AuthMethod.Password, EventOutcome.Failure, FailureReason.BadPassword);
            if (++consecutive >= 10)
            {
                consecutive = 0;
                lockedUntil = t + (30 * SimTime.Minute);
            }
        }
    }
}
