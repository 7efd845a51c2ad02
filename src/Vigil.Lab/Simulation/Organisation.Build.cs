using System.Globalization;

namespace Vigil.Lab.Simulation;

internal sealed partial class Organisation
{
    private static readonly string[] Workspace = ["portal", "share", "db", "api"];

    public static Organisation Build(SimulationOptions options, WorldMap world, ulong seed)
    {
        var rng = new SimRandom(SimRandom.Derive(seed, 1));
        var resources = BuildResources(options.Humans);
        var byId = resources.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var humans = BuildHumans(options, world, seed, rng, resources, byId);
        AssignManagers(humans, rng);
        var workloads = BuildWorkloads(options, world, seed, rng, resources, humans);
        var agents = BuildAgents(options, world, seed, rng, byId, humans);
        Resource[] drops =
        [
            new("ext-paste-drop", ResourceKind.External, Sensitivity.Low, "external", "paste-drop.example", "/api/v1/upload"),
            new("ext-personal-drive", ResourceKind.External, Sensitivity.Low, "external", "personal-drive.example", "/upload"),
            new("ext-webhook", ResourceKind.External, Sensitivity.Low, "external", "hooks.cdn-relay.example", "/hook/ingest"),
        ];
        return new Organisation
        {
            Humans = humans,
            Workloads = workloads,
            Agents = agents,
            Resources = resources,
            ExternalDrops = drops,
            ResourceById = byId,
        };
    }

    private static List<Resource> BuildResources(int humans)
    {
        var list = new List<Resource>
        {
            new("email", ResourceKind.App, Sensitivity.Medium, "all", "mail.corp.example", "/mail/inbox"),
            new("wiki", ResourceKind.App, Sensitivity.Low, "all", "wiki.corp.example", "/spaces"),
            new("chat", ResourceKind.App, Sensitivity.Low, "all", "chat.corp.example", "/channels"),
            new("intranet", ResourceKind.App, Sensitivity.Low, "all", "intranet.corp.example", "/"),
            new("hr-self-service", ResourceKind.App, Sensitivity.Medium, "all", "people.corp.example", "/self-service"),
            new("expenses", ResourceKind.App, Sensitivity.Medium, "all", "expenses.corp.example", "/claims"),
            new("calendar-api", ResourceKind.Api, Sensitivity.Low, "all", "api.corp.example", "/calendar/v1/events"),
            new("source-repo", ResourceKind.App, Sensitivity.High, "Engineering", "git.corp.example", "/repos"),
            new("ci-cd", ResourceKind.App, Sensitivity.High, "Engineering", "ci.corp.example", "/pipelines"),
            new("crm", ResourceKind.App, Sensitivity.High, "Sales", "crm.corp.example", "/accounts"),
            new("ticketing", ResourceKind.App, Sensitivity.Medium, "Support", "tickets.corp.example", "/queue"),
            new("payroll", ResourceKind.App, Sensitivity.Critical, "Finance", "payroll.corp.example", "/runs"),
            new("hr-records", ResourceKind.Database, Sensitivity.Critical, "HR", "hr-db.corp.example", "/employees"),
            new("data-warehouse", ResourceKind.Database, Sensitivity.High, "Research", "dwh.corp.example", "/warehouse"),
            new("legal-vault", ResourceKind.FileShare, Sensitivity.Critical, "Legal", "files.corp.example", "//files.corp.example/legal-vault"),
            new("board-share", ResourceKind.FileShare, Sensitivity.Critical, "Executive", "files.corp.example", "//files.corp.example/board"),
            new("idp-admin", ResourceKind.AdminConsole, Sensitivity.Critical, "IT", "idp-admin.corp.example", "/admin/users"),
            new("cloud-console", ResourceKind.AdminConsole, Sensitivity.Critical, "IT", "cloud.corp.example", "/console"),
            new("firewall-admin", ResourceKind.AdminConsole, Sensitivity.Critical, "IT", "fw.corp.example", "/policies"),
            new("tool-search", ResourceKind.AgentTool, Sensitivity.Low, "all", "agents.corp.example", "/tools/search"),
            new("tool-calendar", ResourceKind.AgentTool, Sensitivity.Low, "all", "agents.corp.example", "/tools/calendar"),
            new("tool-email-send", ResourceKind.AgentTool, Sensitivity.Medium, "all", "agents.corp.example", "/tools/email/send"),
            new("tool-ticket-create", ResourceKind.AgentTool, Sensitivity.Low, "all", "agents.corp.example", "/tools/tickets"),
            new("tool-crm-query", ResourceKind.AgentTool, Sensitivity.Medium, "all", "agents.corp.example", "/tools/crm/query"),
            new("tool-file-read", ResourceKind.AgentTool, Sensitivity.Medium, "all", "agents.corp.example", "/tools/files/read"),
            new("tool-code-exec", ResourceKind.AgentTool, Sensitivity.High, "all", "agents.corp.example", "/tools/code/exec"),
            new("tool-web-fetch", ResourceKind.AgentTool, Sensitivity.Low, "all", "agents.corp.example", "/tools/web/fetch"),
        };

        foreach (var dept in OrgCatalog.Departments)
        {
            var copies = 1 + (int)(humans * dept.Share / 250);
            for (var c = 1; c <= copies; c++)
            {
                var suffix = c == 1 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"-{c:D2}");
                foreach (var w in Workspace)
                {
                    if (c > 1 && w is "portal" or "api")
                    {
                        continue;
                    }

                    var id = $"{dept.Key}-{w}{suffix}";
                    list.Add(w switch
                    {
                        "portal" => new Resource(id, ResourceKind.App, Sensitivity.Medium, dept.Name, $"{dept.Key}.corp.example", "/portal"),
                        "share" => new Resource(id, ResourceKind.FileShare, dept.DataSensitivity >= Sensitivity.High ? Sensitivity.High : Sensitivity.Medium,
                            dept.Name, "files.corp.example", $"//files.corp.example/{dept.Key}{suffix}"),
                        "db" => new Resource(id, ResourceKind.Database, dept.DataSensitivity >= Sensitivity.High ? dept.DataSensitivity : Sensitivity.High,
                            dept.Name, $"{dept.Key}-db.corp.example", "/"),
                        _ => new Resource(id, ResourceKind.Api, Sensitivity.Medium, dept.Name, "api.corp.example", $"/{dept.Key}/v1"),
                    });
                }
            }
        }

        return list.Select((r, i) => new Resource(r.Id, r.Kind, r.Sensitivity, r.Department, r.Domain, r.Path) { Index = i }).ToList();
    }

    private static HumanProfile[] BuildHumans(SimulationOptions options, WorldMap world, ulong seed, SimRandom rng, List<Resource> resources, Dictionary<string, Resource> byId)
    {
        var deptCumulative = Cumulate(OrgCatalog.Departments.Select(d => d.Share));
        double[] officeWeights = [0.30, 0.15, 0.15, 0.12, 0.10, 0.07, 0.06, 0.05];
        var officeCumulative = Cumulate(officeWeights);
        var remoteCities = world.Cities.Where(c => !WorldMap.IsAttackerHaven(c)).ToArray();
        var usernames = new Dictionary<string, int>(StringComparer.Ordinal);
        var humans = new HumanProfile[options.Humans];
        var start = options.StartDate;
        for (var i = 0; i < humans.Length; i++)
        {
            var hSeed = SimRandom.Derive(seed, 1_000_000UL + (ulong)i);
            var r = new SimRandom(hSeed);
            var dept = OrgCatalog.Departments[r.PickCumulative(deptCumulative)];
            var role = dept.Roles[r.PickCumulative(Cumulate(dept.Roles.Select(x => x.Share)))];
            var first = r.Pick(OrgCatalog.FirstNames);
            var last = r.Pick(OrgCatalog.LastNames);
            var baseName = $"{first}.{last}";
            var n = usernames.TryGetValue(baseName, out var seen) ? seen + 1 : 1;
            usernames[baseName] = n;
            var username = n == 1 ? baseName : string.Create(CultureInfo.InvariantCulture, $"{baseName}{n}");
            var identity = new Identity(IdentityKind.Human, string.Create(CultureInfo.InvariantCulture, $"u-{i:D6}"), username,
                $"{username}@{options.EmailDomain}", role.IsAdmin ? [role.Name, "employee", "admin"] : [role.Name, "employee"],
                dept.Name, dept.Name, $"{dept.Key}/{role.Name}");

            var officeIndex = r.PickCumulative(officeCumulative);
            var remote = r.Chance(0.18);
            City? office = remote ? null : world.Offices[officeIndex];
            var home = office ?? r.Pick(remoteCities);
            if (office is not null && r.Chance(0.15))
            {
                // Commuters and people living in a nearby city: home ISP geolocates elsewhere in the country.
                var sameCountry = remoteCities.Where(c => c.CountryIso == office.CountryIso).ToArray();
                home = r.Pick(sameCountry);
            }

            var nightShift = r.Chance(role.NightShiftShare);
            var devices = BuildDevices(r, identity.Id, dept, options.Days, start);
            var myResources = PickResources(r, dept, role, resources, byId);
            var weights = new double[myResources.Length];
            for (var k = 0; k < weights.Length; k++)
            {
                weights[k] = 1.0 / Math.Pow(k + 1, 1.1);
            }

            var vacation = r.Chance(Math.Min(0.9, options.Days / 60.0));
            var vacationDays = r.Next(3, 12);
            humans[i] = new HumanProfile
            {
                Index = i,
                Identity = identity,
                Department = dept,
                Role = role,
                Home = home,
                Office = office,
                OfficeEgress = office is null ? null : world.OfficeEgress[officeIndex],
                OfficeDaysPerWeek = office is null ? 0 : r.Next(1, 6),
                NightShift = nightShift,
                StartMinute = nightShift ? (21 * 60) + r.Next(0, 120) : (7 * 60) + r.Next(0, 180),
                WorkMinutes = r.Next(7 * 60 + 30, 9 * 60 + 30),
                WeekendWorkProbability = nightShift ? 0.3 : r.Uniform(0.02, 0.15),
                Devices = devices,
                HomeBlock = world.Residential[home.Index][r.Next(2)],
                MobileBlock = world.Mobile[home.Index],
                VpnHub = NearestHub(world, home),
                CorporateVpnShare = r.Chance(0.4) ? r.Uniform(0.3, 0.9) : 0,
                ConsumerVpnShare = r.Chance(0.05) ? r.Uniform(0.1, 0.6) : 0,
                ConsumerVpn = world.Anonymisers[r.Next(world.Anonymisers.Count)],
                TripsPerMonth = role.TripsPerMonth * r.Uniform(0.3, 1.7),
                VacationStart = vacation ? r.Next(0, Math.Max(1, options.Days - 2)) : -1,
                VacationDays = vacationDays,
                VacationCity = r.Chance(0.5) ? r.Pick(remoteCities) : null,
                Resources = myResources,
                Cumulative = Cumulate(weights),
                PreferredAuth = r.NextDouble() switch { < 0.65 => AuthMethod.Sso, < 0.85 => AuthMethod.Passkey, _ => AuthMethod.Password },
                PreferredMfa = r.NextDouble() switch { < 0.6 => MfaMethod.Push, < 0.85 => MfaMethod.Totp, < 0.93 => MfaMethod.Webauthn, _ => MfaMethod.Sms },
                ActionsPerHour = r.LogNormal(role.IsAdmin ? 9 : 6, 0.35),
                Seed = hSeed,
            };
        }

        return humans;
    }

    private static Device[] BuildDevices(SimRandom r, string userId, DepartmentSpec dept, int days, DateOnly start)
    {
        var devices = new List<Device>();
        var n = 0;
        string NextId() => string.Create(CultureInfo.InvariantCulture, $"dev-{userId[2..]}-{++n}");
        UserAgentProfile laptopProfile = dept.Key is "eng" or "research"
            ? r.Pick([UserAgentProfile.ChromeMac, UserAgentProfile.SafariMac, UserAgentProfile.FirefoxLinux, UserAgentProfile.ChromeWindows])
            : r.Pick([UserAgentProfile.ChromeWindows, UserAgentProfile.EdgeWindows, UserAgentProfile.EdgeWindows, UserAgentProfile.FirefoxWindows, UserAgentProfile.ChromeMac, UserAgentProfile.SafariMac]);
        var managed = r.Chance(0.95);
        if (r.Chance(Math.Min(0.5, days / 365.0 * 0.3 * 4)))
        {
            // A laptop replaced mid-run: a new host.id and possibly a different browser, all legitimate.
            var swapDay = r.Next(1, Math.Max(2, days));
            devices.Add(new Device(NextId(), laptopProfile, managed, r.Next(0, 10), 0, start) { LastDay = swapDay - 1 });
            var newProfile = r.Chance(0.7) ? laptopProfile : UserAgentProfile.EdgeWindows;
            devices.Add(new Device(NextId(), newProfile, true, r.Next(0, 10), swapDay, start));
        }
        else
        {
            devices.Add(new Device(NextId(), laptopProfile, managed, r.Next(0, 14), 0, start));
        }

        if (r.Chance(0.75))
        {
            devices.Add(new Device(NextId(), r.Chance(0.55) ? UserAgentProfile.SafariIos : UserAgentProfile.ChromeAndroid, r.Chance(0.6), r.Next(0, 20), 0, start));
        }

        if (r.Chance(0.15))
        {
            devices.Add(new Device(NextId(), UserAgentProfile.ChromeWindows, true, r.Next(0, 7), 0, start));
        }

        return devices.ToArray();
    }

    private static Resource[] PickResources(SimRandom r, DepartmentSpec dept, RoleSpec role, List<Resource> all, Dictionary<string, Resource> byId)
    {
        var mine = new List<Resource>();
        foreach (var res in all)
        {
            if (res.Department == "all" && res.Kind != ResourceKind.AgentTool && r.Chance(0.9))
            {
                mine.Add(res);
            }
            else if (res.Department == dept.Name && res.Kind != ResourceKind.AgentTool && r.Chance(res.Id.StartsWith(dept.Key + "-", StringComparison.Ordinal) ? 0.8 : 0.5))
            {
                mine.Add(res);
            }
        }

        foreach (var extra in role.ExtraResources)
        {
            if (!mine.Contains(byId[extra]))
            {
                mine.Add(byId[extra]);
            }
        }

        var array = mine.ToArray();
        r.Shuffle(array);
        return array;
    }

    private static void AssignManagers(HumanProfile[] humans, SimRandom rng)
    {
        var executives = humans.Where(h => h.Department.Key == "exec").ToArray();
        foreach (var group in humans.GroupBy(h => h.Department.Name, StringComparer.Ordinal))
        {
            var managers = group.Where(h => h.Role.IsManager).ToArray();
            foreach (var h in group)
            {
                if (h.Role.IsManager)
                {
                    var boss = executives.Length > 0 ? executives[rng.Next(executives.Length)] : null;
                    h.Identity.Manager = boss is null || boss == h ? null : boss.Identity;
                }
                else if (managers.Length > 0)
                {
                    h.Identity.Manager = managers[rng.Next(managers.Length)].Identity;
                }
            }
        }
    }

    private static IpBlock NearestHub(WorldMap world, City home)
    {
        var best = world.VpnHubs[0];
        foreach (var hub in world.VpnHubs)
        {
            if (hub.City.DistanceKm(home) < best.City.DistanceKm(home))
            {
                best = hub;
            }
        }

        return best;
    }

    internal static double[] Cumulate(IEnumerable<double> weights)
    {
        var list = new List<double>();
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
            list.Add(total);
        }

        return list.ToArray();
    }
}
