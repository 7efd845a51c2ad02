using System.Text.Json;
using Vigil.Server.Connectors;

namespace Vigil.Server.Tests.Connectors;

/// <summary>The <c>--connectors</c> file: every problem named with its place, secrets only from the environment or a file.</summary>
public sealed class ConnectorConfigTests
{
    private static (IReadOnlyList<ConnectorSettings> Settings, List<string> Errors) Read(string json, Func<string, string?>? environment = null)
    {
        var errors = new List<string>();
        using var document = JsonDocument.Parse(json);
        return (ConnectorConfig.Read(document.RootElement, environment ?? (_ => null), errors), errors);
    }

    [Fact]
    public void Read_EveryMistakeAtOnce_NamesEachField()
    {
        var (settings, errors) = Read("""
            {"connectors":[
              {"name":"okta","type":"okta","url":"http://example.okta.com","token":"00inline-secret","pageSize":5000},
              {"name":"okta","type":"entra","clientSecretEnv":"NOT_SET_ANYWHERE","lookbackMinutes":-1,"signInEventTypes":["everything"]},
              {"name":"x","type":"duo"}
            ]}
            """);

        Assert.Empty(settings);
        Assert.Contains(errors, e => e.StartsWith("connectors[0].url: 'http://example.okta.com' is not an https:// URL", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[0].token: secrets are not written in the file", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[0].pageSize: must be a whole number from 1 to 1000", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[1].clientSecretEnv: the environment variable 'NOT_SET_ANYWHERE' is not set", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[1].tokenEndpoint: missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[1].clientId: missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[1].lookbackMinutes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[1].signInEventTypes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[2].type: must be \"okta\" or \"entra\"", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("00inline-secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_SecretFromEnvironment_NeverShowsItInTheSettings()
    {
        var (settings, errors) = Read("""{"connectors":[{"name":"okta-main","type":"okta","url":"https://example.okta.com/","tokenEnv":"OKTA_TOKEN","auth":"bearer"}]}""",
            name => name == "OKTA_TOKEN" ? "00the-real-token" : null);

        Assert.Empty(errors);
        var okta = Assert.Single(settings);
        Assert.Equal(("Bearer", 1_000, 60), (okta.AuthScheme, okta.PageSize, okta.PollSeconds));
        Assert.Equal("00the-real-token", okta.Secret.Reveal());
        Assert.DoesNotContain("00the-real-token", okta.ToString(), StringComparison.Ordinal); // a record prints its properties
        Assert.Contains("env OKTA_TOKEN", okta.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BadConnectorsFile_StopsWithTheProblemsNamed()
    {
        string dir = TempDir.Create();
        string file = Path.Combine(dir, "connectors.json");
        await File.WriteAllTextAsync(file, """{"connectors":[{"name":"okta","type":"okta","url":"https://example.okta.com"}]}""");
        var error = new StringWriter();
        var original = Console.Error;
        int code;
        try
        {
            Console.SetError(error);
            code = await VigilServer.RunAsync(new ServerOptions { DataDirectory = Path.Combine(dir, "data"), ConnectorsPath = file, Urls = "http://127.0.0.1:0" }, CancellationToken.None);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(2, code);
        Assert.Contains("connectors[0]: give exactly one of tokenEnv", error.ToString(), StringComparison.Ordinal);
        TempDir.Delete(dir);
    }

    [Fact]
    public void Read_WebhookMistakes_NamesEachAndKeepsTheSecretOut()
    {
        var (settings, errors) = Read("""
            {"connectors":[
              {"name":"okta-events","type":"okta-hook","secret":"inline-secret-0123456789"},
              {"name":"short","type":"okta-hook","secretEnv":"SHORT"},
              {"name":"auth0","type":"auth0-stream","secretEnv":"LONG","header":"X-Other"},
              {"name":"keyed","type":"okta-hook","secretEnv":"LONG","header":"X-API-Key"},
              {"name":"good","type":"okta-hook","secretEnv":"LONG","header":"X-Hook-Secret"}
            ]}
            """, name => name switch { "SHORT" => "tiny-secret", "LONG" => "a-long-enough-secret-value", _ => null });

        Assert.Equal("good", Assert.Single(settings).Name);
        Assert.Equal(("X-Hook-Secret", "/v1/hooks/good"), (settings[0].HeaderName, settings[0].Url.OriginalString));
        Assert.Contains(errors, e => e.StartsWith("connectors[0].secret: secrets are not written in the file", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[1]: the secret (env SHORT) is shorter than 16 characters", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[2].header: Auth0 log streams always send the secret in Authorization", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[3].header: give a header name", StringComparison.Ordinal));
        Assert.Equal(4, errors.Count);
        Assert.DoesNotContain(errors, e => e.Contains("inline-secret", StringComparison.Ordinal) || e.Contains("tiny-secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_SyslogMistakes_NamesEachSetting()
    {
        var (settings, errors) = Read("""
            {"connectors":[
              {"name":"a","type":"syslog","listen":"somewhere","format":"cef","maxMessageBytes":10},
              {"name":"b","type":"syslog","certificateFile":"/nonexistent/cert.pem"},
              {"name":"c","type":"syslog","certificateFile":"/nonexistent/cert.pem","keyFile":"/nonexistent/key.pem"},
              {"name":"d","type":"syslog","listen":"127.0.0.1:0","format":"entra","maxConnections":2}
            ]}
            """);

        Assert.Equal(("d", 2, "tcp://127.0.0.1:0"), (Assert.Single(settings).Name, settings[0].MaxConnections, settings[0].Url.OriginalString.TrimEnd('/')));
        Assert.Contains(errors, e => e.StartsWith("connectors[0].listen: 'somewhere' is not an address and port", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[0].format: 'cef' is not one of", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[0].maxMessageBytes: must be a whole number from 1024", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[1]: give both certificateFile and keyFile", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[2].certificateFile: '/nonexistent/cert.pem' with '/nonexistent/key.pem' cannot be read", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ExportMistakes_NamesEachSetting()
    {
        var (settings, errors) = Read("""
            {"connectors":[
              {"name":"es","type":"elasticsearch","url":"https://es.example.com","index":"Vigil Alerts","auth":"kerberos","send":["decisions","incidents"],"format":"cef"},
              {"name":"sys","type":"syslog-export","address":"siem.example.com","tls":"yes"},
              {"name":"otlp","type":"otlp-logs","url":"http://collector.example.com:4318"},
              {"name":"ok","type":"opensearch","url":"http://127.0.0.1:9200","send":["alerts","risk-changes"],"format":"ocsf"}
            ]}
            """);

        Assert.Contains(errors, e => e.StartsWith("connectors[0].index: 'Vigil Alerts' is not an index name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[0].auth: must be \"apikey\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[0].send: give a non-empty array of \"decisions\", \"alerts\" and \"risk-changes\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[0].format: must be \"ecs\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[1].address: give the syslog server's host and port", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[1].tls: must be true", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("connectors[2].url: 'http://collector.example.com:4318' is not an https:// URL", StringComparison.Ordinal));
        var ok = Assert.Single(settings);
        Assert.Equal((ConnectorType.Elasticsearch, ExportKinds.Alerts | ExportKinds.RiskChanges, ExportFormat.Ocsf, "vigil"), (ok.Type, ok.Sends, ok.DocumentFormat, ok.Index));
        Assert.True(ok.IsExport);
    }
}
