using System.Globalization;
using System.Text.Json;

namespace Vigil.Lab.Simulation;

/// <summary>
/// How each attack campaign unfolds. Every event a script emits goes through a <see cref="CampaignActor"/>
/// origin and so carries <c>labels.attack_type</c> and <c>labels.attack_id</c>. Shapes follow the technique
/// descriptions in MITRE ATT&amp;CK (T1110.001/.003/.004, T1621, T1539/T1550.004, T1078, T1098, T1530) and the
/// detections catalogued in DETECTIONS.md.
/// </summary>
internal static partial class AttackScripts
{
    private static readonly JsonEncodedText[] ScriptedAgents =
        UserAgents.Scripted.Select(s => JsonEncodedText.Encode(s, EcsWriter.Encoder)).ToArray();

    public static void RunStandalone(CampaignActor a, SimContext ctx, SimRandom r)
    {
        switch (a.Campaign.Type)
        {
            case AttackType.CredentialStuffing: CredentialStuffing(a, ctx, r); break;
            case AttackType.PasswordSpray: PasswordSpray(a, ctx, r); break;
            case AttackType.BruteForce: BruteForce(a, ctx, r); break;
            case AttackType.AccountTakeover: AccountTakeover(a, ctx, r); break;
            case AttackType.MfaFatigue: MfaFatigue(a, ctx, r); break;
            case AttackType.InsiderExfiltration: InsiderExfiltration(a, ctx, r); break;
            case AttackType.LateralMovement: LateralMovement(a, ctx, r); break;
            case AttackType.PrivilegeEscalation: PrivilegeEscalation(a, ctx, r); break;
            case AttackType.WorkloadKeyLeak: WorkloadKeyLeak(a, ctx, r); break;
            case AttackType.AgentHijack: AgentHijack(a, ctx, r); break;
            case AttackType.LowAndSlowTakeover: LowAndSlowTakeover(a, ctx, r); break;
            default: throw new InvalidOperationException($"{a.Campaign.Type} rides on a victim session.");
        }
    }

    public static void RunAttached(CampaignActor a, SimContext ctx, SimRandom r, SessionContext session)
    {
        if (a.Campaign.Type == AttackType.SessionHijack)
        {
            SessionHijack(a, ctx, r, session);
        }
        else
        {
            ImpossibleTravel(a, ctx, r, session);
        }
    }

    /// <summary>Whether a campaign of this type is played on a victim's live session rather than on its own.</summary>
    public static bool IsAttached(AttackType type) => type is AttackType.SessionHijack or AttackType.ImpossibleTravel;

    private static (IpBlock Block, uint Ip) Net(SimContext ctx, SimRandom r, Infrastructure kind, string? countryIso = null, City? avoid = null)
    {
        var w = ctx.World;
        IpBlock block = kind switch
        {
            Infrastructure.Tor => w.TorExits[r.Next(w.TorExits.Count)],
            Infrastructure.Vpn => w.Anonymisers[r.Next(w.Anonymisers.Count)],
            Infrastructure.Bulletproof => w.Bulletproof[r.Next(w.Bulletproof.Count)],
            Infrastructure.Hosting => w.Hosting[r.Next(w.Hosting.Count)],
            _ => ResidentialIn(w, r, countryIso, avoid),
        };
        return (block, block.RandomAddress(r));
    }

    private static IpBlock ResidentialIn(WorldMap w, SimRandom r, string? countryIso, City? avoid)
    {
        var cities = w.Cities.Where(c => (countryIso is null || c.CountryIso == countryIso) && c != avoid).ToArray();
        if (cities.Length == 0)
        {
            cities = w.Cities.Where(c => countryIso is null || c.CountryIso == countryIso).ToArray();
        }

        var city = cities[r.Next(cities.Length)];
        return w.Residential[city.Index][r.Next(2)];
    }

    private static Infrastructure AnyInfra(SimRandom r) => r.NextDouble() switch
    {
        < 0.25 => Infrastructure.Tor,
        < 0.45 => Infrastructure.Vpn,
        < 0.70 => Infrastructure.Bulletproof,
        < 0.85 => Infrastructure.Hosting,
        _ => Infrastructure.ResidentialProxy,
    };

    private static JsonEncodedText Scripted(SimRandom r) => ScriptedAgents[r.Next(ScriptedAgents.Length)];

    /// <summary>A current browser that is not the victim's: what an attacker's own machine looks like.</summary>
    private static JsonEncodedText AttackerBrowser(SimContext ctx, SimRandom r, int day) =>
        JsonEncodedText.Encode(UserAgents.Build(r.Chance(0.7) ? UserAgentProfile.ChromeWindows : UserAgentProfile.FirefoxWindows, ctx.StartDate.AddDays(day)), EcsWriter.Encoder);

    /// <summary>Start at a local time of the victim's day, moved earlier if the campaign would run past the end.</summary>
    private static long LocalStart(CampaignActor a, SimContext ctx, long offsetMs, int localMinute, long needMs)
    {
        // Seconds of jitter: real campaigns do not start on the minute.
        var t = SimTime.NextLocal(a.StartMs, offsetMs, localMinute) + (long)(SimRandom.Hash((ulong)a.Campaign.Number) % 60_000);
        if (t + needMs > ctx.EndMs)
        {
            t = Math.Max(a.StartMs, ctx.EndMs - needMs);
        }

        return t;
    }

    private static void Access(CampaignActor a, long t, in EventOrigin o, Resource resource, ResourceAction action, long bytesDown, EventOutcome outcome = EventOutcome.Success)
    {
        ref var e = ref a.Emit(t, EventAction.ResourceAccess, outcome, o);
        e.Resource = resource;
        e.ResourceAction = action;
        e.BytesDown = outcome == EventOutcome.Success ? bytesDown : 0;
        e.BytesUp = action == ResourceAction.Write ? bytesDown / 4 : 300;
        e.FailureReason = outcome == EventOutcome.Success ? FailureReason.None : FailureReason.AccessDenied;
    }

    private static void SignIn(CampaignActor a, long t, in EventOrigin o, AuthMethod auth, EventOutcome outcome, FailureReason reason = FailureReason.None)
    {
        ref var e = ref a.Emit(t, EventAction.SignIn, outcome, o);
        e.AuthMethod = auth;
        e.FailureReason = reason;
    }

    private static void Mfa(CampaignActor a, long t, in EventOrigin o, MfaMethod method, MfaResult result)
    {
        ref var e = ref a.Emit(t, EventAction.Mfa, result switch
        {
            MfaResult.Approved => EventOutcome.Success,
            MfaResult.Sent => EventOutcome.Unknown,
            _ => EventOutcome.Failure,
        }, o);
        e.MfaMethod = method;
        e.MfaResult = result;
    }

    private static HumanProfile Victim(SimContext ctx, Campaign c) =>
        ctx.Org.Humans[int.Parse(c.Target!.Id.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture)];

    private static Resource MostSensitive(SimRandom r, HumanProfile p)
    {
        var best = p.Resources.Where(x => x.Sensitivity >= Sensitivity.High).ToArray();
        return best.Length > 0 ? best[r.Next(best.Length)] : p.Resources[r.Next(p.Resources.Length)];
    }
}
