namespace Vigil.Enrichment.UserAgents;

/// <summary>
/// Why a user agent looks like automation rather than a person's browser. Credential-stuffing and password-spray
/// tooling often sends a library's default user agent, an empty one, or a headless browser's.
/// </summary>
public enum ScriptedClientKind
{
    /// <summary>Looks like an interactive browser or app (or a declared crawler, see <see cref="DeviceType.Bot"/>).</summary>
    None = 0,

    /// <summary>No user agent at all (missing, blank or "-").</summary>
    EmptyUserAgent,

    /// <summary>Command-line tools: curl, Wget, PowerShell, HTTPie.</summary>
    CommandLineTool,

    /// <summary>HTTP libraries' default strings: python-requests, aiohttp, urllib, httpx, Go-http-client, okhttp, Java, Apache-HttpClient, node-fetch, axios, undici, libwww-perl, Guzzle, Ruby, Dart, Scrapy.</summary>
    HttpLibrary,

    /// <summary>Automated browsers that say so: HeadlessChrome (Puppeteer, Playwright, Selenium headless), PhantomJS.</summary>
    HeadlessBrowser,

    /// <summary>API development tools: Postman, Insomnia.</summary>
    ApiClient,

    /// <summary>Attack and scanning tools that announce themselves: Hydra, sqlmap, Nikto, Nmap, zgrab, masscan, Nuclei, WPScan.</summary>
    AttackTool,
}
