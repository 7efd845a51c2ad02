using System.Text.Json;
using Vigil.Core.Telemetry;
using Vigil.Server.Authzen;

namespace Vigil.Server.Tests.Authzen;

/// <summary>
/// A bare question is mapped straight into the engine's event; an observed one is written as ECS JSON and read back
/// (the journal's bytes). Both must give the same event, or a decision would depend on whether telemetry came along.
/// </summary>
public sealed class EvaluationMapperTests
{
    private const long Now = 1_772_438_400_000;

    public static TheoryData<string> Requests => new()
    {
        """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"document","id":"doc1"}}""",
        """{"subject":{"type":"user","id":"al\"ice\u00e9","properties":{"name":"Alice","email":"a@example.com","roles":["admin","dev",3,{"x":1}],"group":"eng","department":"R&D","peer_group":"sre","tenant":"t1","on_behalf_of":"bob"}},"action":{"name":"delete","properties":{"method":"DELETE"}},"resource":{"type":"api","id":"/v1/x","properties":{"sensitivity":"critical"}},"context":{"time":"2026-03-02T08:00:00Z","event_id":"e-1","event_action":"sign-in","outcome":"failure","acr":"urn:mfa","ip":"81.2.69.160","country":"GB","user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36","device_id":"d-9","session_id":"s-1","token_id":"t-1","auth_method":"password","mfa_method":"push","mfa_result":"denied","device_compliant":false,"device_managed":"true","tenant":"ignored"}}""",
        """{"subject":{"type":"workload","id":"spiffe://corp/svc"},"action":{"name":"call"},"resource":{"type":"service","id":"billing","properties":{"sensitivity":3}},"context":{"time":1772438400123,"tenant":"t2","session_id":17,"country":"FR"}}""",
        """{"subject":{"type":"agent","id":"agent-7","properties":{"roles":"not-an-array","group":5}},"action":{"name":"read"},"resource":{"type":"file","id":"f"},"context":{"time":{"bad":1},"ip":"2001:db8::1","user_agent":null,"device_id":["x"]}}""",
        """{"subject":{"type":"user","id":"u"},"action":{"name":"read"},"resource":{"type":"document","id":"d"},"context":{"time":"not a time"}}""",
        """{"subject":{"type":"user","id":"u"},"action":{"name":"read"},"resource":{"type":"document","id":"d"},"context":{"ip":"999.1.1.1"}}""",
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Direct_mapping_gives_the_event_the_journal_replays(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.True(AuthzenParser.TryParseEvaluation(document.RootElement, null, "", out var evaluation, out string? parseError), parseError);

        bool viaJson = EvaluationMapper.TryMap(evaluation!, Now, out var fromJson, out var ecs, out string? jsonError);
        string journal = System.Text.Encoding.UTF8.GetString(ecs);
        bool direct = EvaluationMapper.TryMap(evaluation!, Now, out var fromBuilder, out string? directError);

        Assert.Equal(viaJson, direct);
        Assert.Equal(jsonError, directError);
        if (!viaJson)
        {
            return;
        }

        // The journal line is plain ECS that ingestion reads too.
        Assert.True(new EcsEventReader().TryRead(System.Text.Encoding.UTF8.GetBytes(journal), out var replayed, out _));
        Assert.Equal(Comparable(fromJson), Comparable(replayed));

        Assert.Equal(Comparable(fromJson), Comparable(fromBuilder));
        Assert.Equal(fromJson.Roles ?? [], fromBuilder.Roles ?? []);
        Assert.Equal(fromJson.Attributes is null, fromBuilder.Attributes is null);
    }

    [Fact]
    public void A_request_without_a_time_is_stamped_now()
    {
        using var document = JsonDocument.Parse("""{"subject":{"type":"user","id":"u"},"action":{"name":"read"},"resource":{"type":"document","id":"d","properties":{"sensitivity":"high"}}}""");
        Assert.True(AuthzenParser.TryParseEvaluation(document.RootElement, null, "", out var evaluation, out _));
        Assert.True(EvaluationMapper.TryMap(evaluation!, Now, out var e, out string? error), error);
        Assert.Equal(Now, e.TimestampMs);
        Assert.Equal("u", e.SubjectId);
        Assert.Equal(Sensitivity.High, e.Sensitivity);
        Assert.Equal("d", e.ResourceId);
    }

    // Record equality compares arrays and attribute maps by reference; those are compared separately.
    private static TelemetryEvent Comparable(TelemetryEvent e) => e with { Roles = null, Attributes = null };
}
