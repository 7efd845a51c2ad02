namespace Vigil.Enrichment.UserAgents;

internal static partial class UserAgentClassifier
{
    private enum Match
    {
        Prefix,
        Contains,
        Exact,

        /// <summary>A product token "Token/..." anywhere (found by <see cref="ProductScanner"/>).</summary>
        Product,
    }

    private readonly record struct ScriptRule(string Token, Match Match, string Family, ScriptedClientKind Kind, Product Product = default);

    // Default user agents of tools and libraries (each project's source or documentation). Checked in order:
    // "Python/3.11 aiohttp/3.9" must hit aiohttp before the generic Python rule, Apache-HttpClient's
    // "(Java/17)" comment must not make it plain Java, and HeadlessChrome must win over Chrome.
    private static readonly ScriptRule[] ScriptRules =
    [
        new("HeadlessChrome/", Match.Product, BrowserFamily.HeadlessChrome, ScriptedClientKind.HeadlessBrowser, Product.HeadlessChrome),
        new("PhantomJS/", Match.Product, BrowserFamily.PhantomJs, ScriptedClientKind.HeadlessBrowser, Product.PhantomJs),
        new("(Hydra)", Match.Contains, BrowserFamily.Hydra, ScriptedClientKind.AttackTool),
        new("sqlmap/", Match.Product, BrowserFamily.Sqlmap, ScriptedClientKind.AttackTool, Product.Sqlmap),
        new("Nikto/", Match.Product, BrowserFamily.Nikto, ScriptedClientKind.AttackTool, Product.Nikto),
        new("Nmap Scripting Engine", Match.Contains, BrowserFamily.Nmap, ScriptedClientKind.AttackTool),
        new("zgrab/", Match.Product, BrowserFamily.Zgrab, ScriptedClientKind.AttackTool, Product.Zgrab),
        new("masscan/", Match.Product, BrowserFamily.Masscan, ScriptedClientKind.AttackTool, Product.Masscan),
        new("Nuclei", Match.Contains, BrowserFamily.Nuclei, ScriptedClientKind.AttackTool),
        new("WPScan", Match.Contains, BrowserFamily.WpScan, ScriptedClientKind.AttackTool),
        new("PostmanRuntime/", Match.Product, BrowserFamily.Postman, ScriptedClientKind.ApiClient, Product.PostmanRuntime),
        new("insomnia/", Match.Prefix, BrowserFamily.Insomnia, ScriptedClientKind.ApiClient),
        new("curl/", Match.Prefix, BrowserFamily.Curl, ScriptedClientKind.CommandLineTool),
        new("curl", Match.Exact, BrowserFamily.Curl, ScriptedClientKind.CommandLineTool),
        new("Wget", Match.Prefix, BrowserFamily.Wget, ScriptedClientKind.CommandLineTool),
        new("PowerShell/", Match.Product, BrowserFamily.PowerShell, ScriptedClientKind.CommandLineTool, Product.PowerShell),
        new("HTTPie/", Match.Prefix, BrowserFamily.HttPie, ScriptedClientKind.CommandLineTool),
        new("python-requests/", Match.Prefix, BrowserFamily.PythonRequests, ScriptedClientKind.HttpLibrary),
        new("aiohttp/", Match.Product, BrowserFamily.Aiohttp, ScriptedClientKind.HttpLibrary, Product.Aiohttp),
        new("python-httpx/", Match.Prefix, BrowserFamily.PythonHttpx, ScriptedClientKind.HttpLibrary),
        new("Python-urllib/", Match.Prefix, BrowserFamily.PythonUrllib, ScriptedClientKind.HttpLibrary),
        new("Python/", Match.Prefix, BrowserFamily.Python, ScriptedClientKind.HttpLibrary),
        new("Go-http-client/", Match.Prefix, BrowserFamily.GoHttpClient, ScriptedClientKind.HttpLibrary),
        new("okhttp/", Match.Product, BrowserFamily.OkHttp, ScriptedClientKind.HttpLibrary, Product.OkHttp),
        new("Apache-HttpClient/", Match.Product, BrowserFamily.ApacheHttpClient, ScriptedClientKind.HttpLibrary, Product.ApacheHttpClient),
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

    private static bool TryScripted(ReadOnlySpan<char> ua, UInt128 products, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? family, out ScriptedClientKind kind, out int version)
    {
        // Every prefix and exact rule names a tool whose string does not start with "Mozilla/", so a browser-like
        // string needs only the product and substring rules.
        bool browserLike = ua.StartsWith("Mozilla/", StringComparison.Ordinal);
        foreach (var rule in ScriptRules)
        {
            if (browserLike && rule.Match is Match.Prefix or Match.Exact)
            {
                continue;
            }

            int index = rule.Match switch
            {
                Match.Product => Has(products, rule.Product) ? AsciiText.IndexOfIgnoreCase(ua, rule.Token) : -1,
                Match.Prefix => AsciiText.StartsWithIgnoreCase(ua, rule.Token) ? 0 : -1,
                Match.Exact => AsciiText.EqualsIgnoreCase(ua, rule.Token) ? 0 : -1,
                _ => AsciiText.IndexOfIgnoreCase(ua, rule.Token),
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
