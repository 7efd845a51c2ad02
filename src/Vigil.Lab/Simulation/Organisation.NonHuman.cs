using System.Globalization;

namespace Vigil.Lab.Simulation;

internal sealed partial class Organisation
{
    private static readonly (string Pattern, double Share, AuthMethod Auth, string Client)[] WorkloadPatterns =
    [
        ("monitoring", 0.25, AuthMethod.ApiKey, "prometheus-probe/2.{0}"),
        ("integration", 0.35, AuthMethod.ClientSecret, "sync-connector/4.{0} (dotnet/9.0)"),
        ("etl", 0.15, AuthMethod.Certificate, "etl-runner/1.{0} python/3.12"),
        ("ci", 0.15, AuthMethod.ClientSecret, "ci-agent/3.{0} (linux; amd64)"),
        ("backup", 0.10, AuthMethod.Certificate, "backup-agent/7.{0}"),
    ];

    private static WorkloadProfile[] BuildWorkloads(SimulationOptions options, WorldMap world, ulong seed, SimRandom rng, List<Resource> resources, HumanProfile[] humans)
    {
        var cumulative = Cumulate(WorkloadPatterns.Select(p => p.Share));
        var apis = resources.Where(r => r.Kind is ResourceKind.Api or ResourceKind.Database or ResourceKind.App && r.Kind != ResourceKind.AdminConsole).ToArray();
        var shares = resources.Where(r => r.Kind is ResourceKind.FileShare or ResourceKind.Database).ToArray();
        var result = new WorkloadProfile[options.Workloads];
        for (var i = 0; i < result.Length; i++)
        {
            var wSeed = SimRandom.Derive(seed, 2_000_000UL + (ulong)i);
            var r = new SimRandom(wSeed);
            var pattern = WorkloadPatterns[r.PickCumulative(cumulative)];
            var dept = OrgCatalog.Departments[r.Next(OrgCatalog.Departments.Length - 1)];
            var name = string.Create(CultureInfo.InvariantCulture, $"svc-{pattern.Pattern}-{dept.Key}-{i:D3}");
            var identity = new Identity(IdentityKind.Workload, string.Create(CultureInfo.InvariantCulture, $"wl-{i:D5}"), name, null,
                ["workload", $"workload:{pattern.Pattern}"], dept.Name, dept.Name, $"workload/{pattern.Pattern}");
            var pool = pattern.Pattern is "backup" or "etl" ? shares : apis;
            var targets = Enumerable.Range(0, r.Next(1, 5)).Select(_ => r.Pick(pool)).Distinct().ToArray();
            var owner = humans[r.Next(humans.Length)];
            result[i] = new WorkloadProfile
            {
                Index = i,
                Identity = identity,
                Pattern = pattern.Pattern,
                Provider = r.Next(3),
                Region = NearestRegion(world, owner.Home),
                Targets = targets,
                IntervalMs = pattern.Pattern switch
                {
                    "monitoring" => r.Next(2, 6) * 60_000L,
                    "integration" => r.Next(3, 20) * 60_000L,
                    "ci" => r.Next(5, 30) * 60_000L,
                    _ => r.Next(1, 4) * 1_000L, // etl/backup: a nightly burst of quick calls
                },
                Auth = pattern.Auth,
                ClientName = pattern.Client,
                DeployEveryDays = r.Next(5, 22),
                RotateEveryDays = r.Next(20, 90),
                OffsetMs = owner.OffsetMs,
                Seed = wSeed,
            };
        }

        return result;
    }

    private static int NearestRegion(WorldMap world, City home)
    {
        var best = 0;
        for (var i = 1; i < 8; i++)
        {
            if (world.HostingBlock(0, i).City.DistanceKm(home) < world.HostingBlock(0, best).City.DistanceKm(home))
            {
                best = i;
            }
        }

        return best;
    }

    private static AgentProfile[] BuildAgents(SimulationOptions options, WorldMap world, ulong seed, SimRandom rng, Dictionary<string, Resource> byId, HumanProfile[] humans)
    {
        var tools = byId.Values.Where(r => r.Kind == ResourceKind.AgentTool).OrderBy(r => r.Index).ToArray();
        var result = new AgentProfile[options.Agents];
        for (var i = 0; i < result.Length; i++)
        {
            var aSeed = SimRandom.Derive(seed, 3_000_000UL + (ulong)i);
            var r = new SimRandom(aSeed);
            var lead = humans[r.Next(humans.Length)];
            var team = humans.Length < 3 ? [lead] :
                new[] { lead }.Concat(Enumerable.Range(0, r.Next(0, 3)).Select(_ => humans[r.Next(humans.Length)])).Distinct().ToArray();
            var kind = r.Pick(["assistant", "coder", "analyst", "triage"]);
            var identity = new Identity(IdentityKind.Agent, string.Create(CultureInfo.InvariantCulture, $"agent-{i:D5}"),
                $"{kind}-agent-{lead.Identity.Name}", null, ["agent", $"agent:{kind}"], lead.Department.Name, lead.Department.Name, $"agent/{kind}");
            var myTools = tools.Where(t => t.Sensitivity <= Sensitivity.Medium && r.Chance(0.6)).DefaultIfEmpty(tools[0]).ToArray();
            if (kind == "coder")
            {
                myTools = [.. myTools, byId["tool-code-exec"]];
            }

            var reads = lead.Resources.Where(x => x.Sensitivity <= Sensitivity.Medium).Take(4).ToArray();
            var userAgent = string.Create(CultureInfo.InvariantCulture, $"corp-agent-runtime/1.{r.Next(2, 9)} ({kind}; model-gateway)");
            result[i] = new AgentProfile
            {
                Index = i,
                Identity = identity,
                Principals = team,
                Platform = world.HostingBlock(r.Next(3), NearestRegion(world, lead.Home)),
                Tools = myTools.Distinct().ToArray(),
                Reads = reads.Length > 0 ? reads : [byId["wiki"]],
                UserAgent = userAgent,
                EncodedUserAgent = System.Text.Json.JsonEncodedText.Encode(userAgent, EcsWriter.Encoder),
                TasksPerDay = r.Uniform(3, 12),
                Seed = aSeed,
                Kind = kind,
            };
        }

        return result;
    }
}
