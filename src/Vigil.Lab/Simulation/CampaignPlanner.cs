namespace Vigil.Lab.Simulation;

/// <summary>Decides which campaigns run, on which day, against whom.</summary>
internal static class CampaignPlanner
{
    public static List<Campaign> Plan(SimulationOptions options, Organisation org, ulong seed)
    {
        var r = new SimRandom(SimRandom.Derive(seed, 7));
        var types = AttackTypeNames.All.Where(t => options.AttackMix.TryGetValue(t, out var w) && w > 0).ToArray();
        if (options.AttackCampaignsPerWeek <= 0 || types.Length == 0)
        {
            return [];
        }

        var total = Math.Max(types.Length, (int)Math.Round(options.AttackCampaignsPerWeek * options.Days / 7.0));
        var cumulative = Organisation.Cumulate(types.Select(t => options.AttackMix[t]));
        var chosen = new List<AttackType>(types); // every configured type at least once
        while (chosen.Count < total)
        {
            chosen.Add(types[r.PickCumulative(cumulative)]);
        }

        var planned = chosen.Select(type => (Type: type, Day: r.Next(options.Days), Target: PickTarget(type, org, r)))
            .OrderBy(p => p.Day).ThenBy(p => p.Type).ToList();
        return planned.Select((p, i) => new Campaign(i + 1, p.Type, p.Day, p.Target)).ToList();
    }

    private static Identity? PickTarget(AttackType type, Organisation org, SimRandom r)
    {
        switch (type)
        {
            case AttackType.CredentialStuffing or AttackType.PasswordSpray:
                return null;
            case AttackType.WorkloadKeyLeak:
                return org.Workloads[r.Next(org.Workloads.Length)].Identity;
            case AttackType.AgentHijack:
                return org.Agents[r.Next(org.Agents.Length)].Identity;
            case AttackType.PrivilegeEscalation:
                for (var tries = 0; tries < 20; tries++)
                {
                    var h = org.Humans[r.Next(org.Humans.Length)];
                    if (!h.Role.IsAdmin)
                    {
                        return h.Identity;
                    }
                }

                return org.Humans[r.Next(org.Humans.Length)].Identity;
            default:
                return org.Humans[r.Next(org.Humans.Length)].Identity;
        }
    }
}
