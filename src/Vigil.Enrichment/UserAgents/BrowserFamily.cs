namespace Vigil.Enrichment.UserAgents;

/// <summary>
/// Browser and client family names returned in <see cref="UserAgentInfo.Browser"/>. They are constants, so the same
/// string instance comes back on every parse and can be compared with <c>==</c> or used as a dictionary key.
/// </summary>
public static class BrowserFamily
{
#pragma warning disable CS1591 // The names are their own documentation.
    public const string Other = "Other";
    public const string Chrome = "Chrome";
    public const string ChromeMobile = "Chrome Mobile";
    public const string ChromeMobileIos = "Chrome Mobile iOS";
    public const string ChromeWebView = "Chrome Mobile WebView";
    public const string Edge = "Edge";
    public const string EdgeMobile = "Edge Mobile";
    public const string Firefox = "Firefox";
    public const string FirefoxMobile = "Firefox Mobile";
    public const string FirefoxIos = "Firefox iOS";
    public const string Safari = "Safari";
    public const string MobileSafari = "Mobile Safari";
    public const string IosWebView = "Mobile Safari UI/WKWebView";
    public const string Opera = "Opera";
    public const string OperaMobile = "Opera Mobile";
    public const string SamsungInternet = "Samsung Internet";
    public const string InternetExplorer = "IE";
    public const string Brave = "Brave";
    public const string Yandex = "Yandex Browser";
    public const string Vivaldi = "Vivaldi";
    public const string UcBrowser = "UC Browser";
    public const string AndroidBrowser = "Android Browser";
    public const string Facebook = "Facebook";
    public const string Instagram = "Instagram";

    // Scripted clients.
    public const string Curl = "curl";
    public const string Wget = "Wget";
    public const string PowerShell = "PowerShell";
    public const string HttPie = "HTTPie";
    public const string PythonRequests = "python-requests";
    public const string PythonUrllib = "Python-urllib";
    public const string PythonHttpx = "python-httpx";
    public const string Aiohttp = "aiohttp";
    public const string Python = "Python";
    public const string GoHttpClient = "Go-http-client";
    public const string OkHttp = "okhttp";
    public const string Java = "Java";
    public const string ApacheHttpClient = "Apache-HttpClient";
    public const string NodeFetch = "node-fetch";
    public const string Axios = "axios";
    public const string Undici = "undici";
    public const string LibwwwPerl = "libwww-perl";
    public const string Guzzle = "Guzzle";
    public const string Ruby = "Ruby";
    public const string Dart = "Dart";
    public const string Scrapy = "Scrapy";
    public const string HeadlessChrome = "HeadlessChrome";
    public const string PhantomJs = "PhantomJS";
    public const string Postman = "Postman";
    public const string Insomnia = "Insomnia";
    public const string Hydra = "Hydra";
    public const string Sqlmap = "sqlmap";
    public const string Nikto = "Nikto";
    public const string Nmap = "Nmap";
    public const string Zgrab = "zgrab";
    public const string Masscan = "masscan";
    public const string Nuclei = "Nuclei";
    public const string WpScan = "WPScan";

    // Crawlers.
    public const string Googlebot = "Googlebot";
    public const string Bingbot = "bingbot";
    public const string YandexBot = "YandexBot";
    public const string Baiduspider = "Baiduspider";
    public const string DuckDuckBot = "DuckDuckBot";
    public const string Applebot = "Applebot";
    public const string FacebookCrawler = "facebookexternalhit";
    public const string Twitterbot = "Twitterbot";
    public const string LinkedInBot = "LinkedInBot";
    public const string Slackbot = "Slackbot";
    public const string AhrefsBot = "AhrefsBot";
    public const string SemrushBot = "SemrushBot";
    public const string GptBot = "GPTBot";
    public const string ClaudeBot = "ClaudeBot";
    public const string YahooSlurp = "Yahoo! Slurp";
    public const string OtherBot = "Other Bot";
#pragma warning restore CS1591
}
