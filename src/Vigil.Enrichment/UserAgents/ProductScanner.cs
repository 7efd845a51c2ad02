using System.Collections.Frozen;

namespace Vigil.Enrichment.UserAgents;

/// <summary>
/// Finds the product tokens of a user agent (RFC 9110 section 10.1.5: product = token ["/" version]) in one pass:
/// jump from '/' to '/' (a vectorised search) and read the name just before each. Names are matched
/// case-insensitively against the <see cref="Product"/> table through a span lookup, so nothing is allocated.
/// </summary>
internal static class ProductScanner
{
    /// <summary>Hostile strings can hold thousands of slashes; real ones hold fewer than twenty products.</summary>
    private const int MaxSlashes = 64;

    private static readonly FrozenDictionary<string, Product> Names = new Dictionary<string, Product>(StringComparer.OrdinalIgnoreCase)
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
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, Product>.AlternateLookup<ReadOnlySpan<char>> ByName =
        Names.GetAlternateLookup<ReadOnlySpan<char>>();

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

            if (start < slash && ByName.TryGetValue(ua[start..slash], out var product))
            {
                found |= UInt128.One << (int)product;
            }

            from = slash + 1;
        }

        return found;
    }

    public static bool Has(UInt128 products, Product product) => (products & (UInt128.One << (int)product)) != UInt128.Zero;

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
