using System.Text;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Tests.Language;

public sealed class LanguageTelemetryTests
{
    [Fact]
    public void Read_GenAiAndFreeTextFields_FillTheLanguageInputs()
    {
        const string line = """
            {"@timestamp":"2026-03-02T08:00:00Z","event":{"action":"tool-call"},"user":{"id":"agent-7"},
             "labels":{"identity_kind":"agent"},
             "gen_ai":{"agent":{"description":"summarise this week's support tickets"},"tool":{"name":"crm.export_contacts","call":{"arguments":"{\"all\":true}"}}},
             "message":"exported 48211 rows","process":{"command_line":"psql -c 'copy users to stdout'"},"url":{"path":"/api/v2/tickets"}}
            """;
        Assert.True(new EcsEventReader().TryRead(Encoding.UTF8.GetBytes(line.ReplaceLineEndings("")), out var e, out var error), error);

        Assert.Equal("summarise this week's support tickets", e.AgentTask);
        Assert.Equal("crm.export_contacts", e.ToolName);
        Assert.Equal("{\"all\":true}", e.ToolArguments);
        Assert.Equal("exported 48211 rows", e.Message);
        Assert.Equal("psql -c 'copy users to stdout'", e.CommandLine);
        Assert.Equal("/api/v2/tickets", e.UrlPath);
        Assert.Equal("crm.export_contacts {\"all\":true}", Vigil.Core.Language.EventText.ActivityOf(e));
    }
}
