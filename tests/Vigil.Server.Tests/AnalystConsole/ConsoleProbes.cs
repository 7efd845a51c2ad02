using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Vigil.Server.Tests.AnalystConsole;

/// <summary>
/// Measurements and pictures run by hand (Category=Probe, left out of CI): page server time with many identities for
/// docs/benchmarks.md, and the screenshots in docs/console.md and the README.
/// </summary>
public sealed class ConsoleProbes(ITestOutputHelper output)
{
    /// <summary>
    /// dotnet test tests/Vigil.Server.Tests --filter "FullyQualifiedName~ConsoleProbes.PageServerTime" --logger "console;verbosity=detailed"
    /// (VIGIL_PROBE_IDENTITIES sets the count, default 100,000; VIGIL_PROBE_EXTRA_EVENTS adds that many earlier
    /// Berlin sign-ins per identity, half an hour apart, to store more events: 98 makes 100 per identity, 10 million at
    /// 100,000 identities). In-process (TestServer): the time from request to the last byte of the page, without a network.
    /// </summary>
    [Fact]
    [Trait("Category", "Probe")]
    public async Task PageServerTime_WithManyIdentities_P95()
    {
        int identities = int.TryParse(Environment.GetEnvironmentVariable("VIGIL_PROBE_IDENTITIES"), CultureInfo.InvariantCulture, out int n) ? n : 100_000;
        int extra = int.TryParse(Environment.GetEnvironmentVariable("VIGIL_PROBE_EXTRA_EVENTS"), CultureInfo.InvariantCulture, out int x) ? x : 0;
        await using var service = await TestService.StartAsync(o => o.Time = new ShiftedTime(ConsoleHost.Now));
        var clock = Stopwatch.StartNew();
        var batch = new StringBuilder();
        int inBatch = 0;
        long events = 0;
        for (int i = 0; i < identities; i++)
        {
            string user = "u" + i.ToString("D6", CultureInfo.InvariantCulture);
            long start = ConsoleHost.Now.AddHours(-3).ToUnixTimeMilliseconds() + (i % 3_600) * 1_000L;
            for (int k = extra; k > 0; k--)
            {
                Event(batch, user, start - (k * 1_800_000L), "81.2.69.10", 3320, "DE", 52.52, 13.4, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0", i);
                inBatch++;
            }

            Event(batch, user, start, "81.2.69.10", 3320, "DE", 52.52, 13.4, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0", i);
            Event(batch, user, start + 600_000, "81.2.69.10", 3320, "DE", 52.52, 13.4, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0", i);
            inBatch += 2;
            if (i % 50 == 0)
            {
                // One in fifty is taken over from Lagos forty minutes later: impossible travel, a risky identity.
                Event(batch, user, start + 2_400_000, "102.89.4.7", 29465, "NG", 6.45, 3.39, "python-requests/2.31.0", i);
                inBatch++;
            }

            if (inBatch >= 20_000 || i == identities - 1)
            {
                var response = await service.Client.PostAsync("/v1/events", new StringContent(batch.ToString(), Encoding.UTF8, "application/x-ndjson"));
                while (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    // The writer's backlog is at --max-queue-depth (more events per identity than it holds): let it drain, then send the batch again.
                    await ((Vigil.Server.Hosting.EngineHost)service.Services.GetService(typeof(Vigil.Server.Hosting.EngineHost))!).WhenCaughtUpAsync();
                    response = await service.Client.PostAsync("/v1/events", new StringContent(batch.ToString(), Encoding.UTF8, "application/x-ndjson"));
                }

                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                events += inBatch;
                batch.Clear();
                inBatch = 0;
            }
        }

        await ((Vigil.Server.Hosting.EngineHost)service.Services.GetService(typeof(Vigil.Server.Hosting.EngineHost))!).WhenCaughtUpAsync();
        output.WriteLine($"ingested {events:N0} events for {identities:N0} identities in {clock.Elapsed.TotalSeconds:0.0} s; journal head {(await service.StoreAfterAuditFlushAsync()).JournalHead():N0}");

        // Decisions in the audit log: 20,000 bare questions in batches of 1,000.
        for (int b = 0; b < 20; b++)
        {
            var items = string.Join(",", Enumerable.Range(0, 1_000).Select(k => "{\"subject\":{\"type\":\"user\",\"id\":\"u" + (((b * 1_000) + k) % identities).ToString("D6", CultureInfo.InvariantCulture) + "\"},\"action\":{\"name\":\"read\"},\"resource\":{\"type\":\"app\",\"id\":\"wiki\"}}"));
            var (answer, _) = await service.PostJsonAsync("/access/v1/evaluations", "{\"evaluations\":[" + items + "]}");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        await service.StoreAfterAuditFlushAsync();
        string[] pages = ["/console/identities", "/console/identities?level=high&page=5", "/console/identity?id=u000050", "/console/identity?id=u000100", "/console/decisions", "/console/decisions?subject=u000100", "/console/alerts", "/console/policies", "/console/operations"];
        output.WriteLine("| page | p50 ms | p95 ms |");
        foreach (string page in pages)
        {
            var times = new List<double>();
            for (int r = 0; r < 40; r++)
            {
                var t = Stopwatch.StartNew();
                var response = await service.Client.GetAsync(page);
                await response.Content.ReadAsByteArrayAsync();
                t.Stop();
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                if (r >= 5)
                {
                    times.Add(t.Elapsed.TotalMilliseconds); // the first few warm the JIT and caches
                }
            }

            times.Sort();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{page}` | {times[times.Count / 2]:0.0} | {times[(int)Math.Ceiling(times.Count * 0.95) - 1]:0.0} |"));
        }
    }

    /// <summary>Writes docs/images/console-*.png: dotnet test tests/Vigil.Server.Tests --filter "FullyQualifiedName~ConsoleProbes.Screenshots".</summary>
    [ChromiumFact]
    [Trait("Category", "Probe")]
    public async Task Screenshots_ForTheDocs()
    {
        var host = new ConsoleHost();
        await host.InitializeAsync();
        try
        {
            string images = Path.Combine(ServerProcess.RepositoryRoot(), "docs", "images");
            await using var context = await host.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
            var page = await host.SignInAsync(context, "analyst-ann");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(images, "console-identities.png") });
            await page.GotoAsync(host.BaseUrl + "/console/identity?id=alice");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(images, "console-identity.png"), FullPage = true });
            await page.GotoAsync(host.BaseUrl + "/console/policies");
            await page.FillAsync("#document", await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Data", "finance.yaml")));
            await page.ClickAsync("button:text-is('What-if over recent traffic')");
            await page.WaitForSelectorAsync("table.transitions");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(images, "console-what-if.png"), FullPage = true });
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static void Event(StringBuilder batch, string user, long timeMs, string ip, int asn, string country, double lat, double lon, string agent, int i)
    {
        string time = DateTimeOffset.FromUnixTimeMilliseconds(timeMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var c = CultureInfo.InvariantCulture;
        batch.Append("{\"@timestamp\":\"").Append(time).Append("\",\"event\":{\"action\":\"sign-in\",\"category\":[\"authentication\"],\"outcome\":\"success\"},")
            .Append("\"labels\":{\"session_id\":\"").Append(user).Append('-').Append(timeMs.ToString(c)).Append("\",\"department\":\"d").Append((i % 50).ToString(c)).Append("\"},")
            .Append("\"user\":{\"id\":\"").Append(user).Append("\"},\"source\":{\"ip\":\"").Append(ip).Append("\",\"as\":{\"number\":").Append(asn.ToString(c))
            .Append("},\"geo\":{\"country_iso_code\":\"").Append(country).Append("\",\"location\":{\"lat\":").Append(lat.ToString(c)).Append(",\"lon\":").Append(lon.ToString(c))
            .Append("}}},\"user_agent\":{\"original\":\"").Append(agent).Append("\"}}\n");
    }
}
