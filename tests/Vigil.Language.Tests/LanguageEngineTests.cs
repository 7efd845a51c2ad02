using System.Net;
using Vigil.Core.Engine;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Language.Tests;

/// <summary>The language family end to end with the real encoder: a prompt-injected support agent.</summary>
public sealed class LanguageEngineTests(EncoderFixture fixture) : IClassFixture<EncoderFixture>
{
    private const string Task = "Summarise this week's support tickets for the team lead";
    private static readonly long Start = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly string[] Usual =
    [
        "tickets.search {\"status\":\"open\",\"created_after\":\"2026-02-23\"}",
        "tickets.get {\"id\":48213}",
        "tickets.list_comments {\"ticket_id\":48213}",
        "docs.create_summary {\"title\":\"Support week 9\"}",
    ];

    [Theory]
    [InlineData("crm.export_contacts {\"all\":true,\"format\":\"csv\"}", "export all customer records")]
    [InlineData("directory.add_role_member {\"role\":\"Global Administrator\",\"user\":\"ext-4711\"}", "add a user to a privileged group")]
    public void Observe_InjectedAgentCall_IsAnIntentMismatchNamingTheAction(string call, string reads)
    {
        var engine = new VigilEngine(new VigilEngineOptions { TextEmbedder = fixture.Embedder });
        for (int i = 0; i < 40; i++)
        {
            var usual = engine.Observe(Call(Start + (i * 600_000L), Usual[i % Usual.Length]));
            Assert.False(usual.Has(ReasonCode.AgentIntentMismatch), Usual[i % Usual.Length]);
        }

        var hijack = engine.Observe(Call(Start + (41 * 600_000L), call));

        Assert.True(hijack.Has(ReasonCode.AgentIntentMismatch));
        var factor = Enumerable.Range(0, hijack.FactorCount).Select(hijack.Factor).Single(f => f.Code == ReasonCode.AgentIntentMismatch);
        Assert.True(factor.Describe().Contains("it reads like: " + reads, StringComparison.Ordinal), factor.Describe());
    }

    [Fact]
    public void Observe_UnstructuredSshdLines_AreReadAsFailedSignInsAndScoredAsBruteForce()
    {
        RiskAssessment Last(VigilEngine engine)
        {
            RiskAssessment last = default;
            for (int i = 0; i < 12; i++)
            {
                last = engine.Observe(new TelemetryEvent
                {
                    Id = "line-" + i,
                    TimestampMs = Start + (i * 30_000L),
                    SubjectId = "root",
                    SourceIp = IPAddress.Parse("203.0.113.9"),
                    Message = $"Failed password for root from 203.0.113.9 port {40000 + i} ssh2",
                });
            }

            return last;
        }

        var withLanguage = Last(new VigilEngine(new VigilEngineOptions { TextEmbedder = fixture.Embedder }));
        var without = Last(new VigilEngine());

        Assert.True(withLanguage.Has(ReasonCode.BruteForce));
        Assert.Equal(0, without.Score);
    }

    private static TelemetryEvent Call(long at, string call) => new()
    {
        Id = "agent-" + at,
        TimestampMs = at,
        Kind = EventKind.ApiCall,
        Outcome = EventOutcome.Success,
        SubjectId = "support-agent",
        IdentityKind = IdentityKind.Agent,
        SourceIp = IPAddress.Parse("10.1.2.3"),
        ResourceId = "helpdesk-api",
        AuthMethod = "client_secret",
        AgentTask = Task,
        ToolName = call[..call.IndexOf(' ', StringComparison.Ordinal)],
        ToolArguments = call[(call.IndexOf(' ', StringComparison.Ordinal) + 1)..],
    };
}
