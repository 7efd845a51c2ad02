namespace Vigil.Enrichment.UserAgents;

/// <summary>
/// Finds the product tokens of a user agent (RFC 9110 section 10.1.5: product = token ["/" version]) in one pass:
/// jump from '/' to '/' (a vectorised search) and read the name just before each. Names are matched
/// case-insensitively against the <see cref="Product"/> table, bucketed by name length and first letter so most
/// names that are not products ("Mozilla", "AppleWebKit", "Gecko") are rejected without a string compare.
/// </summary>
internal static class ProductScanner
{
    /// <summary>Hostile strings can hold thousands of slashes; real ones hold fewer than twenty products.</summary>
    private const int MaxSlashes = 64;

    private static readonly Dictionary<string, Product> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Chrome"] = Product.Chrome,
        ["Chromium"] = Product.Chromium,
        ["Edg"] = Product.Edg,
        ["EdgA"] = Product.EdgA,
        ["EdgiOS"] = Product.EdgiOS,
        ["Edge"] = Product.Edge,
        ["OPR"] = Product.Opr,
        ["OPT"] = Product.Opt,
        ["OPiOS"] = Product.OpiOS,
        ["SamsungBrowser"] = Product.SamsungBrowser,
        ["YaBrowser"] = Product.YaBrowser,
        ["UCBrowser"] = Product.UcBrowser,
        ["Vivaldi"] = Product.Vivaldi,
        ["Brave"] = Product.Brave,
        ["FBAV"] = Product.Fbav,
        ["FBAN"] = Product.Fban,
        ["CriOS"] = Product.CriOS,
        ["FxiOS"] = Product.FxiOS,
        ["Firefox"] = Product.Firefox,
        ["Trident"] = Product.Trident,
        ["Safari"] = Product.Safari,
        ["Version"] = Product.Version,
        ["Mobile"] = Product.Mobile,
        ["HeadlessChrome"] = Product.HeadlessChrome,
        ["PhantomJS"] = Product.PhantomJs,
        ["PostmanRuntime"] = Product.PostmanRuntime,
        ["PowerShell"] = Product.PowerShell,
        ["WindowsPowerShell"] = Product.PowerShell,
        ["aiohttp"] = Product.Aiohttp,
        ["okhttp"] = Product.OkHttp,
        ["Apache-HttpClient"] = Product.ApacheHttpClient,
        ["sqlmap"] = Product.Sqlmap,
        ["Nikto"] = Product.Nikto,
        ["zgrab"] = Product.Zgrab,
        ["masscan"] = Product.Masscan,
        ["Googlebot"] = Product.Googlebot,
        ["bingbot"] = Product.Bingbot,
        ["YandexBot"] = Product.YandexBot,
        ["Baiduspider"] = Product.Baiduspider,
        ["DuckDuckBot"] = Product.DuckDuckBot,
        ["Applebot"] = Product.Applebot,
        ["facebookexternalhit"] = Product.FacebookExternalHit,
        ["Twitterbot"] = Product.Twitterbot,
        ["LinkedInBot"] = Product.LinkedInBot,
        ["AhrefsBot"] = Product.AhrefsBot,
        ["SemrushBot"] = Product.SemrushBot,
        ["GPTBot"] = Product.GptBot,
        ["ClaudeBot"] = Product.ClaudeBot,
    };

    private static readonly int MaxNameLength = Names.Keys.Max(static k => k.Length);

    // [length][candidate]: names of that length with their products and lower-cased first letter.
    private static readonly (string Name, char First, Product Product)[][] ByLength = BuildBuckets();

    public static UInt128 Scan(ReadOnlySpan<char> ua)
    {
        UInt128 found = UInt128.Zero;
        int from = 0;
        for (int n = 0; n < MaxSlashes && from < ua.Length; n++)
        {
            int slash = ua[from..].IndexOf('/');
            if (slash < 0)
            {
                break;
            }

            slash += from;
            int start = slash;
            while (start > from && IsNameChar(ua[start - 1]))
            {
                start--;
            }

            if (start < slash && TryFind(ua[start..slash], out var product))
            {
                found |= UInt128.One << (int)product;
            }

            from = slash + 1;
        }

        return found;
    }

    public static bool Has(UInt128 products, Product product) => (products & (UInt128.One << (int)product)) != UInt128.Zero;

    private static bool TryFind(ReadOnlySpan<char> name, out Product product)
    {
        if (name.Length <= MaxNameLength)
        {
            char first = AsciiText.ToLower(name[0]);
            foreach (var (candidate, candidateFirst, candidateProduct) in ByLength[name.Length])
            {
                if (candidateFirst == first && AsciiText.EqualsIgnoreCase(name, candidate))
                {
                    product = candidateProduct;
                    return true;
                }
            }
        }

        product = default;
        return false;
    }

    private static (string Name, char First, Product Product)[][] BuildBuckets()
    {
        var buckets = new (string, char, Product)[MaxNameLength + 1][];
        for (int length = 0; length <= MaxNameLength; length++)
        {
            buckets[length] = [.. Names.Where(n => n.Key.Length == length).Select(static n => (n.Key, AsciiText.ToLower(n.Key[0]), n.Value))];
        }

        return buckets;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
