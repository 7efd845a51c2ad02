using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Vigil.Server.Connectors;

namespace Vigil.Server.Tests.Connectors.Syslog;

/// <summary>SIEM export as RFC 5424 syslog over TCP (issue 15, part 3), received by a real rsyslog.</summary>
public sealed class SyslogExportTests
{
    [RsyslogFact]
    public async Task Export_DenyAndStepUp_ReceivedByRsyslogAsRfc5424WithTheDocumentAsMsg()
    {
        using var rsyslog = await Rsyslog.StartAsync();
        var time = new FakeTimeProvider(ConnectorService.Start);
        string dir = TempDir.Create();
        string config = $$"""{"connectors":[{"name":"rsyslog","type":"syslog-export","address":"127.0.0.1:{{rsyslog.Port.ToString(CultureInfo.InvariantCulture)}}","send":["decisions"]}]}""";
        var decisions = new List<string>();
        await using (var service = await ConnectorService.StartAsync(config, time, dir, new AllLogs(), o => o.PolicyFactory = _ => new FixedPolicy()))
        {
            foreach (string resource in (string[])["doc-deny", "doc", "doc-stepup"])
            {
                var (response, body) = await service.PostJsonAsync("/access/v1/evaluation",
                    $$$"""{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"{{{resource}}}"}}""");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                decisions.Add(body.GetProperty("context").GetProperty("decision_id").GetString()!);
            }

            await service.StoreAfterAuditFlushAsync();
            await ConnectorService.Until(() => rsyslog.Lines().Length >= 2, time, TimeSpan.FromSeconds(1), "rsyslog writes the deny and the step-up");
        }

        string[] lines = rsyslog.Lines();
        Assert.Equal(2, lines.Length);
        string[] expected = [decisions[0], decisions[2]];
        for (int i = 0; i < lines.Length; i++)
        {
            // "PRI APP-NAME MSGID TIMESTAMP HOSTNAME MSG", as rsyslog's RFC 5424 parser split the message.
            string[] parts = lines[i].Split(' ', 6);
            var document = JsonDocument.Parse(parts[5]).RootElement;
            Assert.Equal(expected[i], document.GetProperty("event").GetProperty("id").GetString());
            Assert.Equal(("vigil", "decision"), (parts[1], parts[2]));
            int severity = SyslogSink.Severity(document.GetProperty("event").TryGetProperty("severity_name", out var level) ? level.GetString() : null);
            Assert.Equal((10 * 8) + severity, int.Parse(parts[0], CultureInfo.InvariantCulture)); // authpriv
            Assert.Equal(DateTimeOffset.Parse(document.GetProperty("@timestamp").GetString()!, CultureInfo.InvariantCulture), DateTimeOffset.Parse(parts[3], CultureInfo.InvariantCulture));
        }

        TempDir.Delete(dir);
    }
}
