using System.Text.Json;
using Vigil.Core.Decisions;
using Vigil.Core.Policies;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Tests.Policies;

/// <summary>Golden decision cases: each *.cases.json names a policy file and requests with the decision expected.</summary>
public sealed class GoldenDecisionTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Policies", "Golden");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string file in Directory.GetFiles(Folder, "*.cases.json").Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
            {
                data.Add(Path.GetFileName(file), c.GetProperty("name").GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_GoldenCase_MatchesExpectation(string file, string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file)));
        string policyFile = Path.Combine(Folder, doc.RootElement.GetProperty("policy").GetString()!);
        var policy = PolicyCompiler.CompileFiles(policyFile, [], out var diagnostics);
        Assert.True(policy is not null, string.Join(Environment.NewLine, diagnostics));
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        var r = c.GetProperty("request");
        var request = new TelemetryEvent
        {
            SubjectId = r.GetProperty("subject").GetString()!,
            TimestampMs = 1_772_438_400_000,
            Kind = EventKind.ResourceAccess,
            IdentityKind = Text(r, "kind") switch { "agent" => IdentityKind.Agent, "workload" => IdentityKind.Workload, _ => IdentityKind.Human },
            Department = Text(r, "department"),
            Roles = r.TryGetProperty("roles", out var roles) ? [.. roles.EnumerateArray().Select(x => x.GetString()!)] : null,
            ResourceId = Text(r, "resource"),
            ResourceType = Text(r, "type"),
            ResourceAction = Text(r, "action"),
            DeviceCompliant = r.TryGetProperty("device_compliant", out var dc) ? dc.GetBoolean() : null,
            Acr = Text(r, "acr"),
        };
        var assessment = new RiskAssessment(r.GetProperty("risk").GetInt32(), default, 0f);

        var decision = policy.Decide(request, assessment);

        var e = c.GetProperty("expect");
        string seen = $"{decision.WouldBe} {decision.Reason} segment={decision.Segment} rule={decision.Rule} error={decision.Error}";
        Assert.True(Name(decision.WouldBe) == e.GetProperty("outcome").GetString(), seen);
        Assert.Equal(decision.WouldBe, decision.Outcome); // the policy enforces
        Assert.Equal("app-7", decision.PolicyVersion);
        if (Text(e, "reason") is { } reason)
        {
            Assert.True("VG" + ((int)decision.Reason).ToString(System.Globalization.CultureInfo.InvariantCulture) == reason, seen);
        }

        if (Text(e, "segment") is { } segment)
        {
            Assert.Equal(segment, decision.Segment);
        }

        if (Text(e, "rule") is { } rule)
        {
            Assert.Equal(rule, decision.Rule);
        }

        if (Text(e, "acr_values") is { } acr)
        {
            Assert.Equal(acr, decision.AcrValues);
        }

        if (e.TryGetProperty("max_age", out var maxAge))
        {
            Assert.Equal(maxAge.GetInt32(), decision.MaxAgeSeconds);
        }
    }

    private static string Name(DecisionOutcome o) => o switch
    {
        DecisionOutcome.StepUp => "step_up",
        DecisionOutcome.Limit => "limit",
        DecisionOutcome.Deny => "deny",
        _ => "permit",
    };

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
