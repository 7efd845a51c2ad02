using System.Net;
using Vigil.Core.Telemetry;
using Vigil.Core.Tests.TestSupport;

namespace Vigil.Core.Tests.Language;

/// <summary>Agents calling tools and people calling routes, for the language family's tests.</summary>
internal static class LanguageEvents
{
    public const string Task = "summarise this week's support tickets";

    public static readonly string[] OnTaskCalls =
    [
        // The stand-in embedder counts shared words: on-task calls share most of theirs with the task.
        "tickets.search support tickets this week",
        "tickets.get support tickets",
        "tickets.comments support tickets this",
        "summary.write summarise support tickets",
    ];

    public static TelemetryEvent ToolCall(string agent, long at, string call, string task = Task) => new()
    {
        Id = $"{agent}-{at}",
        TimestampMs = at,
        Kind = EventKind.ApiCall,
        Outcome = EventOutcome.Success,
        SubjectId = agent,
        IdentityKind = IdentityKind.Agent,
        SourceIp = IPAddress.Parse("10.1.2.3"),
        AsNumber = 64512,
        ResourceId = "helpdesk-api",
        ResourceAction = "call",
        AuthMethod = "client_secret",
        AgentTask = task,
        ToolName = call.Split(' ')[0],
        ToolArguments = call.Contains(' ', StringComparison.Ordinal) ? call[(call.IndexOf(' ', StringComparison.Ordinal) + 1)..] : null,
    };

    /// <summary>A working week of an agent doing its task: a call every ten minutes.</summary>
    public static IEnumerable<TelemetryEvent> AgentHistory(string agent, int calls = 60)
    {
        for (int i = 0; i < calls; i++)
        {
            yield return ToolCall(agent, Events.Start + (i * 600_000L), OnTaskCalls[i % OnTaskCalls.Length]);
        }
    }

    public static TelemetryEvent Route(string user, long at, string method, string path) => Events.Access(user, at, "helpdesk-web") with
    {
        ResourceAction = method,
        UrlPath = path,
    };
}

/// <summary>The factors of an assessment as a sequence, for assertions.</summary>
internal static class AssessmentFactors
{
    public static IEnumerable<Vigil.Core.Scoring.RiskFactor> Factors(this Vigil.Core.Scoring.RiskAssessment a) =>
        Enumerable.Range(0, a.FactorCount).Select(a.Factor);
}
