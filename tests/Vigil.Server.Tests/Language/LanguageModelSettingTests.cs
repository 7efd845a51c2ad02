using System.Globalization;
using System.Text;
using System.Text.Json;
using Vigil.Server.Hosting;
using static Vigil.Server.Tests.Alerts.AlertEvents;

namespace Vigil.Server.Tests.Language;

/// <summary>
/// <c>--language-model</c> (issue 19): off by default; with <c>minilm</c> an agent's prompt-injected tool call, sent
/// through the service's ingestion as ECS (OpenTelemetry GenAI names), becomes an alert whose reasons carry VG1812.
/// </summary>
public sealed class LanguageModelSettingTests
{
    private const string Task = "Summarise this week's support tickets for the team lead";

    private static readonly string[] Usual =
    [
        "tickets.search {\"status\":\"open\",\"created_after\":\"2026-02-23\"}",
        "tickets.get {\"id\":48213}",
        "tickets.list_comments {\"ticket_id\":48213}",
        "docs.create_summary {\"title\":\"Support week 9\"}",
    ];

    private static EngineHost Host(TestService service) => (EngineHost)service.Services.GetService(typeof(EngineHost))!;

    [Fact]
    public async Task Default_LanguageFamilyInert()
    {
        await using var service = await TestService.StartAsync();
        Assert.Null(Host(service).Engine.Options.TextEmbedder);
    }

    [Fact]
    public async Task Minilm_HijackedAgentCallThroughIngestion_IsAnAlertWithVG1812()
    {
        await using var service = await TestService.StartAsync(o => o.LanguageModel = "minilm");
        var lines = new StringBuilder();
        for (int i = 0; i < 40; i++)
        {
            lines.Append(Call($"usual-{i}", Start.AddMinutes(10 * i), Usual[i % Usual.Length])).Append('\n');
        }

        lines.Append(Call("hijack-1", Start.AddMinutes(410), "crm.export_contacts {\"all\":true,\"format\":\"csv\"}")).Append('\n');
        await IngestAsync(service, lines.ToString());

        var alert = Assert.Single((await GetAsync(service.Client, "/v1/alerts?identity=support-agent")).GetProperty("alerts").EnumerateArray());
        Assert.Equal("hijack-1", alert.GetProperty("event_id").GetString());
        Assert.Contains("VG1812", alert.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void Validate_UnknownModel_NamesTheSetting()
    {
        var options = new ServerOptions { DataDirectory = TempDir.Create(), LanguageModel = "gpt" };
        Assert.Contains(options.Validate(), e => e.StartsWith("--language-model 'gpt'", StringComparison.Ordinal));
    }

    private static string Call(string id, DateTimeOffset time, string call)
    {
        int space = call.IndexOf(' ', StringComparison.Ordinal);
        var line = new Dictionary<string, object>
        {
            ["@timestamp"] = time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["event"] = new { id, action = "api-call", outcome = "success", category = new[] { "web" } },
            ["user"] = new { id = "support-agent" },
            ["source"] = new { ip = "10.1.2.3" },
            ["url"] = new { path = "/tools/" + call[..space] },
            ["gen_ai"] = new { agent = new { description = Task }, tool = new { name = call[..space], call = new { arguments = call[(space + 1)..] } } },
            ["labels"] = new { identity_kind = "agent", peer_group = "agent/support", resource_id = "helpdesk-api", auth_method = "client_secret" },
        };
        return JsonSerializer.Serialize(line);
    }
}
