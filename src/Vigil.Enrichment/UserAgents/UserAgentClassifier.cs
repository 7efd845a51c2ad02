namespace Vigil.Enrichment.UserAgents;

/// <summary>
/// The parsing rules, as a pure function of the string: no state, so any number of threads may call it.
/// Order matters and follows the way browsers borrow each other's tokens: every Chromium browser also says
/// "Chrome" and "Safari", Chrome says "Safari", so the most specific token is tested first
/// (the same precedence as the ua-parser regexes.yaml and MDN's "Browser detection using the user agent").
/// </summary>
internal static partial class UserAgentClassifier
{
    private static readonly UserAgentInfo Empty =
        new(BrowserFamily.Other, 0, OsFamily.Other, null, DeviceType.Other, ScriptedClientKind.EmptyUserAgent);

    public static UserAgentInfo Classify(ReadOnlySpan<char> ua)
    {
        ua = ua.Trim();
        if (ua.IsEmpty || ua is "-" || ua is "\"-\"" || AsciiText.EqualsIgnoreCase(ua, "null"))
        {
            return Empty;
        }

        UInt128 products = ProductScanner.Scan(ua);
        var (os, osVersion, ipadDesktopMode) = DetectOs(ua, products);

        if (TryScripted(ua, products, out string? tool, out ScriptedClientKind kind, out int toolVersion))
        {
            return new UserAgentInfo(tool, toolVersion, os, osVersion, DeviceType.Other, kind);
        }

        if (TryBot(ua, products, out string? bot, out int botVersion))
        {
            return new UserAgentInfo(bot, botVersion, os, osVersion, DeviceType.Bot, ScriptedClientKind.None);
        }

        var (browser, major) = DetectBrowser(ua, products, os);
        var device = DetectDevice(ua, os, ipadDesktopMode);
        return new UserAgentInfo(browser, major, os, osVersion, device, ScriptedClientKind.None);
    }

    private static bool Has(ReadOnlySpan<char> ua, string token) => ua.IndexOf(token, StringComparison.Ordinal) >= 0;

    private static bool Has(UInt128 products, Product product) => ProductScanner.Has(products, product);

    /// <summary>
    /// The integer that follows <paramref name="token"/> (after optional '/', ' ' or 'v'), or 0. Capped so an absurd
    /// version in a hostile string cannot overflow.
    /// </summary>
    private static int MajorAfter(ReadOnlySpan<char> ua, string token)
    {
        int index = ua.IndexOf(token, StringComparison.Ordinal);
        return index < 0 ? 0 : LeadingNumber(ua[(index + token.Length)..]);
    }

    private static int MajorAfterIgnoreCase(ReadOnlySpan<char> ua, string token)
    {
        int index = AsciiText.IndexOfIgnoreCase(ua, token);
        return index < 0 ? 0 : LeadingNumber(ua[(index + token.Length)..]);
    }

    private static int LeadingNumber(ReadOnlySpan<char> text)
    {
        int i = 0;
        while (i < text.Length && i < 2 && (text[i] == '/' || text[i] == ' ' || text[i] == 'v'))
        {
            i++;
        }

        int value = 0;
        int digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]) && digits < 6)
        {
            value = (value * 10) + (text[i] - '0');
            i++;
            digits++;
        }

        return value;
    }
}
