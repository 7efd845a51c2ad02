using System.Net;
using System.Text;
using System.Text.Json;
using Vigil.Enrichment.MaxMindFormat;
using Vigil.Server.Hosting;
using Vigil.Server.Tests.Ingestion;

namespace Vigil.Server.Tests.Hosting;

/// <summary>
/// The service enriches what gateways send (often only an IP) from the same sources as the CLI: a GeoIP database
/// gives a location (so impossible travel can fire) and IP lists give the source's category.
/// </summary>
public sealed class EnrichmentTests : IDisposable
{
    private readonly string _dir = TempDir.Create();

    public void Dispose() => TempDir.Delete(_dir);

    [Fact]
    public async Task Evaluation_SourceOnTheServicesKnownBadList_ReportsKnownBadSource()
    {
        string list = Path.Combine(_dir, "bad.txt");
        await File.WriteAllTextAsync(list, "203.0.113.0/24\n");
        const string question = """{"subject":{"type":"user","id":"erin"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"context":{"ip":"203.0.113.7"}}""";

        await using (var plain = await TestService.StartAsync())
        {
            Assert.DoesNotContain("VG1203", Reasons(await Evaluate(plain, question)));
        }

        await using var listed = await TestService.StartAsync(o => o.Enrichment.IpLists.Add("known-bad=" + list));
        Assert.Contains("VG1203", Reasons(await Evaluate(listed, question)));
    }

    [Fact]
    public async Task Evaluation_OnlyAnIpFarFromTheLastSignIn_IsImpossibleTravelWithTheServicesGeoDatabase()
    {
        string city = Path.Combine(_dir, "City.mmdb");
        var writer = new MmdbWriter("GeoLite2-City", recordSize: 28, buildEpoch: 1_700_000_000);
        writer.Insert("81.2.69.0/24", City("GB", "London", 51.5142, -0.0931));
        writer.Insert("89.160.20.112/28", City("SE", "Linköping", 58.4167, 15.6167));
        await File.WriteAllBytesAsync(city, writer.ToArray());
        // London at 08:00, then Linköping (about 1,450 km away) ten minutes later, told only by the address.
        const string question = """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"context":{"ip":"89.160.20.115","time":"2026-03-02T08:10:00Z"}}""";

        await using (var plain = await TestService.StartAsync())
        {
            await SignInFromLondon(plain);
            Assert.DoesNotContain("VG1002", Reasons(await Evaluate(plain, question)));
        }

        await using var located = await TestService.StartAsync(o => o.Enrichment.GeoIpCity = city);
        await SignInFromLondon(located);
        Assert.Contains("VG1002", Reasons(await Evaluate(located, question)));
    }

    [Fact]
    public async Task Evaluation_PolicyConditionOnRequestCountry_SeesTheCountryTheServicesGeoDatabaseGives()
    {
        // The gateway sends only an address. Before the decision pipeline was one, the service scored the enriched
        // request but let the policy decide on the raw one, so a rule on request.country never fired (a permit).
        string city = Path.Combine(_dir, "City.mmdb");
        var writer = new MmdbWriter("GeoLite2-City", recordSize: 28, buildEpoch: 1_700_000_000);
        writer.Insert("89.160.20.112/28", City("SE", "Linköping", 58.4167, 15.6167));
        await File.WriteAllBytesAsync(city, writer.ToArray());
        string policy = Path.Combine(_dir, "geo.yaml");
        await File.WriteAllTextAsync(policy, """
            version: geo-1
            mode: enforce
            segments:
              - name: reports
                match: {}
                rules:
                  - name: no-access-from-abroad
                    effect: deny
                    actions: ["*"]
                    condition: request.country != "" && request.country != "DE"
                  - name: anyone
                    actions: ["*"]
            """);
        const string question = """{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"doc","id":"d"},"context":{"ip":"89.160.20.115"}}""";

        await using var located = await TestService.StartAsync(o =>
        {
            o.Enrichment.GeoIpCity = city;
            o.PolicyPath = policy;
        });
        var answer = await Evaluate(located, question);

        Assert.False(answer.GetProperty("decision").GetBoolean());
        Assert.Contains("no-access-from-abroad", answer.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingDatabaseOrBadList_NamesTheOption()
    {
        var options = new ServerOptions { DataDirectory = _dir };
        options.Enrichment.GeoIpCity = Path.Combine(_dir, "missing.mmdb");
        options.Enrichment.IpLists.Add("weird=x.txt");
        var problems = options.Validate();
        Assert.Contains(problems, p => p.StartsWith("--geoip-city", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--ip-list 'weird=x.txt'", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_EnrichmentSettings_AreReadLikeTheCli()
    {
        var options = ServerArguments.Parse(["--data-dir", _dir, "--geoip-city", "c.mmdb", "--geoip-asn", "a.mmdb", "--ip-list", "vpn=v.txt", "--ip-list", "hosting=h.txt"], out var problems);
        Assert.Empty(problems);
        Assert.Equal("c.mmdb", options.Enrichment.GeoIpCity);
        Assert.Equal("a.mmdb", options.Enrichment.GeoIpAsn);
        Assert.Equal(["vpn=v.txt", "hosting=h.txt"], options.Enrichment.IpLists);
    }

    private static async Task SignInFromLondon(TestService service)
    {
        var response = await service.Client.PostAsync("/v1/events", new StringContent(IngestTests.Event("london-1"), Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var host = (EngineHost)service.Services.GetService(typeof(EngineHost))!;
        for (int i = 0; i < 600 && host.Pending > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, host.Pending);
    }

    private static async Task<JsonElement> Evaluate(TestService service, string question)
    {
        var (response, body) = await service.PostJsonAsync("/access/v1/evaluation", question);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body;
    }

    private static List<string?> Reasons(JsonElement answer) =>
        [.. answer.GetProperty("context").GetProperty("risk").GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString())];

    private static Dictionary<string, object> City(string iso, string name, double latitude, double longitude) => new()
    {
        ["city"] = new Dictionary<string, object> { ["names"] = new Dictionary<string, object> { ["en"] = name } },
        ["country"] = new Dictionary<string, object> { ["iso_code"] = iso },
        ["location"] = new Dictionary<string, object> { ["accuracy_radius"] = (ushort)10, ["latitude"] = latitude, ["longitude"] = longitude },
    };
}
