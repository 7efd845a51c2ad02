namespace Vigil.Lab.Simulation;

internal static partial class AttackScripts
{
    /// <summary>
    /// A workload's key committed to a public repository is used by someone else: same credential id, but from
    /// attacker infrastructure, with a scripted client, enumerating endpoints the workload never calls, fast.
    /// </summary>
    private static void WorkloadKeyLeak(CampaignActor a, SimContext ctx, SimRandom r)
    {
        var index = int.Parse(a.Campaign.Target!.Id.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture);
        var w = ctx.Org.Workloads[index];
        var calls = r.Next(50, 400);
        var t = LocalStart(a, ctx, 0, r.Next(0, 24 * 60), (calls * 2 * SimTime.Second) + SimTime.Minute);
        var infra = r.NextDouble() switch { < 0.3 => Infrastructure.Tor, < 0.6 => Infrastructure.Bulletproof, < 0.85 => Infrastructure.Hosting, _ => Infrastructure.Vpn };
        // From the cloud, the attacker rents from another provider than the workload's own.
        var net = Net(ctx, r, infra);
        if (infra == Infrastructure.Hosting)
        {
            var rented = ctx.World.HostingBlock((w.Provider + 1 + r.Next(2)) % 3, r.Next(8));
            net = (rented, rented.RandomAddress(r));
        }

        var o = a.Origin(w.Identity, net, Scripted(r), null);
        o.Credential = WorkloadActor.CredentialFor(w, ctx.DayOf(t));
        o.SessionId = ctx.NewSessionId();
        o.TokenId = ctx.NewTokenId();
        SignIn(a, t, o, w.Auth == AuthMethod.Certificate ? AuthMethod.ClientSecret : w.Auth, EventOutcome.Success);
        var everything = ctx.Org.Resources.Where(x => x.Kind is ResourceKind.Api or ResourceKind.Database or ResourceKind.FileShare).ToArray();
        for (var i = 0; i < calls; i++)
        {
            var res = r.Chance(0.3) ? w.Targets[r.Next(w.Targets.Length)] : everything[r.Next(everything.Length)];
            var denied = r.Chance(0.1);
            ref var e = ref a.Emit(t += r.Next(150, 2_000), EventAction.ApiCall, denied ? EventOutcome.Failure : EventOutcome.Success, o);
            e.Resource = res;
            e.HttpVerb = HttpVerb.Get;
            e.ResourceAction = ResourceAction.Read;
            e.FailureReason = denied ? FailureReason.AccessDenied : FailureReason.None;
            e.BytesDown = denied ? 0 : (long)r.LogNormal(res.MedianBytes * 10, 1.0);
            e.BytesUp = r.Next(200, 900);
        }
    }

    /// <summary>
    /// Indirect prompt injection: a task that starts normally for its user, then the agent's calls drift from its task:
    /// first through its own tools ("export all customer records", "grant admin": nothing but the words is new),
    /// then to tools and data it never uses, and it posts what it read to an outside endpoint. Network, client and
    /// task stay the agent's own.
    /// </summary>
    private static void AgentHijack(CampaignActor a, SimContext ctx, SimRandom r)
    {
        var index = int.Parse(a.Campaign.Target!.Id.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture);
        var agent = ctx.Org.Agents[index];
        var principal = agent.Principals[r.Next(agent.Principals.Length)];
        var t = LocalStart(a, ctx, principal.OffsetMs, principal.StartMinute + r.Next(30, 300), SimTime.Hour);
        var o = a.Origin(agent.Identity, (agent.Platform, agent.Platform.Address(SimRandom.Hash(agent.Seed) % 8)), AgentActor.EncodedAgent(agent), null);
        o.OnBehalfOf = principal.Identity;
        o.SessionId = ctx.NewSessionId();
        o.TokenId = ctx.NewTokenId();
        // Words from their own stream: the draws of the campaign's timing and targets are as before the words existed.
        var words = new SimRandom(SimRandom.Derive(agent.Seed, 0x7E47UL + (ulong)a.Campaign.Number));
        o.AgentTask = AgentTexts.Task(agent.Kind, words);
        SignIn(a, t, o, AuthMethod.ClientSecret, EventOutcome.Success);
        for (var i = 0; i < r.Next(2, 5); i++)
        {
            var tool = agent.Tools[r.Next(agent.Tools.Length)];
            AgentActor.ToolCall(a, t += r.Next(2, 20) * SimTime.Second, o, tool, r, AgentTexts.Call(agent.Kind, tool, words));
        }

        for (var i = 0; i < words.Next(1, 4); i++)
        {
            AgentActor.ToolCall(a, t += words.Next(2, 20) * SimTime.Second, o, agent.Tools[words.Next(agent.Tools.Length)], words, AgentTexts.Injected(words));
        }

        string[] loot = ["hr-records", "legal-vault", "board-share", "payroll", "source-repo", "crm", "idp-admin"];
        for (var i = 0; i < r.Next(5, 20); i++)
        {
            var res = ctx.Org.Resource(loot[r.Next(loot.Length)]);
            AgentActor.ToolCall(a, t += r.Next(1, 10) * SimTime.Second, o, ctx.Org.Resource(r.Chance(0.7) ? "tool-file-read" : "tool-code-exec"), r, AgentTexts.Injected(words));
            Access(a, t += 500, o, res, ResourceAction.Read, (long)r.LogNormal(res.MedianBytes * 10, 1.0));
        }

        for (var i = 0; i < r.Next(1, 4); i++)
        {
            ref var post = ref a.Emit(t += r.Next(2, 15) * SimTime.Second, EventAction.ApiCall, EventOutcome.Success, o);
            post.Resource = ctx.Org.ExternalDrops[r.Chance(0.5) ? 0 : 2];
            post.HttpVerb = HttpVerb.Post;
            post.ResourceAction = ResourceAction.Write;
            post.BytesUp = (long)r.LogNormal(5_000_000, 1.0);
        }
    }
}
