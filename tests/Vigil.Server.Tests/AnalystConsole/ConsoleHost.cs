using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Vigil.Server.Tests.Security;

namespace Vigil.Server.Tests.AnalystConsole;

/// <summary>
/// One service on a real loopback port (a browser needs one), signing in at the real OpenID provider the security
/// tests run, with the README tour ingested and a few decisions on alice audited; and one headless Debian chromium.
/// Shared by the console's browser tests (xUnit class fixture): starting them is most of the tests' time.
/// </summary>
public sealed class ConsoleHost : IAsyncLifetime
{
    public const string Audience = "https://vigil.test";

    /// <summary>Just after the tour's last event, so its identities still carry their risk.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 23, 10, 30, 0, TimeSpan.Zero);

    private WebApplication? _app;
    private IPlaywright? _playwright;

    public OidcProvider Idp { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public ServerOptions Options { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        Assert.True(ChromiumFactAttribute.Problem() is null, ChromiumFactAttribute.Problem());
        int port = ServerProcess.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        Idp = await OidcProvider.StartAsync(consoleRedirect: BaseUrl + "/console/callback");
        string dir = TempDir.Create();
        string secret = Path.Combine(dir, "console-secret.txt");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(secret, "console-secret\n");
        Options = new ServerOptions
        {
            DataDirectory = Path.Combine(dir, "data"),
            Urls = BaseUrl,
            PublicBaseUrl = BaseUrl,
            Console = new StringWriter(),
            JwtAuthority = Idp.Issuer,
            JwtAudience = Audience,
            JwtAllowHttp = true,
            ConsoleClientId = "console",
            ConsoleClientSecretFile = secret,
            Time = new ShiftedTime(Now),
        };
        Assert.Empty(Options.Validate());
        _app = VigilServer.Build(Options);
        await _app.StartAsync();
        await SeedAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath, // Debian's chromium: no browser is downloaded
            Headless = true,
            Args = ["--no-sandbox"], // CI runs as root, where chromium's sandbox cannot start
        });
    }

    /// <summary>An HTTP client with a bearer token from the provider for <paramref name="scope"/> (automation, no session).</summary>
    public async Task<HttpClient> ApiClientAsync(string scope)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Idp.TokenAsync("gateway", Audience, scope));
        return client;
    }

    /// <summary>Signs <paramref name="login"/> in through the provider's pages (its first part is the role) and lands on <paramref name="path"/>.</summary>
    public async Task<IPage> SignInAsync(IBrowserContext context, string login, string path = "/console/identities")
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(BaseUrl + path);
        await page.FillAsync("input[name=login]", login);
        await page.FillAsync("input[name=password]", "any");
        await page.ClickAsync("button[type=submit]");
        if (page.Url.StartsWith(Idp.Issuer, StringComparison.Ordinal))
        {
            await page.ClickAsync("button[type=submit]"); // the provider's consent page: Continue
        }

        await page.WaitForURLAsync(url => url.StartsWith(BaseUrl + "/console/", StringComparison.Ordinal));
        return page;
    }

    private async Task SeedAsync()
    {
        using var client = await ApiClientAsync("ingest evaluate");
        string tour = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Data", "tour.ndjson"));
        var ingest = await client.PostAsync("/v1/events", new StringContent(tour, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, ingest.StatusCode);
        await ((Vigil.Server.Hosting.EngineHost)Services.GetService(typeof(Vigil.Server.Hosting.EngineHost))!).WhenCaughtUpAsync();
        foreach (string resource in new[] { "ledger", "payroll", "wiki" })
        {
            string question = $$$"""{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"app","id":"{{{resource}}}"}}""";
            var answer = await client.PostAsync("/access/v1/evaluation", new StringContent(question, Encoding.UTF8, "application/json"));
            answer.EnsureSuccessStatusCode();
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Idp?.Dispose();
        if (Options is not null)
        {
            TempDir.Delete(Path.GetDirectoryName(Options.DataDirectory)!);
        }
    }
}
