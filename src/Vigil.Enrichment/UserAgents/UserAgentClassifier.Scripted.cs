namespace Vigil.Enrichment.UserAgents;

internal static partial class UserAgentClassifier
{
    private enum Match
    {
        Prefix,
        Contains,
        Exact,
    }

    private readonly record struct ScriptRule(string Token, Match Match, string Family, ScriptedClientKind Kind);

    // Default user agents of tools and libraries (each project's source or documentation). Checked in order:
    // "Python/3.11 aiohttp/3.9" must hit aiohttp before the generic Python rule, Apache-HttpClient's
    // "(Java/17)" comment must not make it plain Java, and HeadlessChrome must win over Chrome.
    private static readonly ScriptRule[] ScriptRules =
    [
        new("HeadlessChrome", Match.Contains, BrowserFamily.HeadlessChrome, ScriptedClientKind.HeadlessBrowser),
        new("PhantomJS", Match.Contains, BrowserFamily.PhantomJs, ScriptedClientKind.HeadlessBrowser),
        new("(Hydra)", Match.Contains, BrowserFamily.Hydra, ScriptedClientKind.AttackTool),
        new("sqlmap", Match.Contains, BrowserFamily.Sqlmap, ScriptedClientKind.AttackTool),
        new("Nikto", Match.Contains, BrowserFamily.Nikto, ScriptedClientKind.AttackTool),
        new("Nmap Scripting Engine", Match.Contains, BrowserFamily.Nmap, ScriptedClientKind.AttackTool),
        new("zgrab", Match.Contains, BrowserFamily.Zgrab, ScriptedClientKind.AttackTool),
        new("masscan", Match.Contains, BrowserFamily.Masscan, ScriptedClientKind.AttackTool),
        new("Nuclei", Match.Contains, BrowserFamily.Nuclei, ScriptedClientKind.AttackTool),
        new("WPScan", Match.Contains, BrowserFamily.WpScan, ScriptedClientKind.AttackTool),
        new("PostmanRuntime", Match.Contains, BrowserFamily.Postman, ScriptedClientKind.ApiClient),
        new("insomnia/", Match.Prefix, BrowserFamily.Insomnia, ScriptedClientKind.ApiClient),
        new("curl/", Match.Prefix, BrowserFamily.Curl, ScriptedClientKind.CommandLineTool),
        new("curl", Match.Exact, BrowserFamily.Curl, ScriptedClientKind.CommandLineTool),
        new("Wget", Match.Prefix, BrowserFamily.Wget, ScriptedClientKind.CommandLineTool),
        new("PowerShell/", Match.Contains, BrowserFamily.PowerShell, ScriptedClientKind.CommandLineTool),
        new("HTTPie/", Match.Prefix, BrowserFamily.HttPie, ScriptedClientKind.CommandLineTool),
        new("python-requests/", Match.Prefix, BrowserFamily.PythonRequests, ScriptedClientKind.HttpLibrary),
        new("aiohttp/", Match.Contains, BrowserFamily.Aiohttp, ScriptedClientKind.HttpLibrary),
        new("python-httpx/", Match.Prefix, BrowserFamily.PythonHttpx, ScriptedClientKind.HttpLibrary),
        new("Python-urllib/", Match.Prefix, BrowserFamily.PythonUrllib, ScriptedClientKind.HttpLibrary),
        new("Python/", Match.Prefix, BrowserFamily.Python, ScriptedClientKind.HttpLibrary),
        new("Go-http-client/", Match.Prefix, BrowserFamily.GoHttpClient, ScriptedClientKind.HttpLibrary),
        new("okhttp/", Match.Contains, BrowserFamily.OkHttp, ScriptedClientKind.HttpLibrary),
        new("Apache-HttpClient/", Match.Contains, BrowserFamily.ApacheHttpClient, ScriptedClientKind.HttpLibrary),
        new("Java-http-client/", Match.Prefix, BrowserFamily.Java, ScriptedClientKind.HttpLibrary),
        new("Java/", Match.Prefix, BrowserFamily.Java, ScriptedClientKind.HttpLibrary),
        new("node-fetch", Match.Prefix, BrowserFamily.NodeFetch, ScriptedClientKind.HttpLibrary),
        new("axios/", Match.Prefix, BrowserFamily.Axios, ScriptedClientKind.HttpLibrary),
        new("undici", Match.Prefix, BrowserFamily.Undici, ScriptedClientKind.HttpLibrary),
        new("node", Match.Exact, BrowserFamily.Undici, ScriptedClientKind.HttpLibrary),
        new("libwww-perl/", Match.Prefix, BrowserFamily.LibwwwPerl, ScriptedClientKind.HttpLibrary),
        new("GuzzleHttp/", Match.Prefix, BrowserFamily.Guzzle, ScriptedClientKind.HttpLibrary),
        new("Ruby", Match.Exact, BrowserFamily.Ruby, ScriptedClientKind.HttpLibrary),
        new("Dart/", Match.Prefix, BrowserFamily.Dart, ScriptedClientKind.HttpLibrary),
        new("Scrapy/", Match.Prefix, BrowserFamily.Scrapy, ScriptedClientKind.HttpLibrary),
    ];

    private static bool TryScripted(ReadOnlySpan<char> ua, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? family, out ScriptedClientKind kind, out int version)
    {
        foreach (var rule in ScriptRules)
        {
            int index = rule.Match switch
            {
                Match.Prefix => ua.StartsWith(rule.Token, StringComparison.OrdinalIgnoreCase) ? 0 : -1,
                Match.Exact => ua.Equals(rule.Token, StringComparison.OrdinalIgnoreCase) ? 0 : -1,
                _ => ua.IndexOf(rule.Token, StringComparison.OrdinalIgnoreCase),
            };

            if (index >= 0)
            {
                family = rule.Family;
                kind = rule.Kind;
                ReadOnlySpan<char> after = ua[(index + rule.Token.Length)..];
                version = after.Length > 0 && char.IsAsciiLetter(after[0]) ? 0 : LeadingNumber(after);
                return true;
            }
        }

        family = null;
        kind = ScriptedClientKind.None;
        version = 0;
        return false;
    }
}
