namespace Vigil.Enrichment.UserAgents;

internal static partial class UserAgentClassifier
{
    // Crawlers that send "Name/version" are found by product token; the two that do not are searched for.
    private static readonly (Product Product, string Token, string Family)[] NamedBots =
    [
        (Product.Googlebot, "Googlebot/", BrowserFamily.Googlebot),
        (Product.Bingbot, "bingbot/", BrowserFamily.Bingbot),
        (Product.YandexBot, "YandexBot/", BrowserFamily.YandexBot),
        (Product.Baiduspider, "Baiduspider/", BrowserFamily.Baiduspider),
        (Product.DuckDuckBot, "DuckDuckBot/", BrowserFamily.DuckDuckBot),
        (Product.Applebot, "Applebot/", BrowserFamily.Applebot),
        (Product.FacebookExternalHit, "facebookexternalhit/", BrowserFamily.FacebookCrawler),
        (Product.Twitterbot, "Twitterbot/", BrowserFamily.Twitterbot),
        (Product.LinkedInBot, "LinkedInBot/", BrowserFamily.LinkedInBot),
        (Product.AhrefsBot, "AhrefsBot/", BrowserFamily.AhrefsBot),
        (Product.SemrushBot, "SemrushBot/", BrowserFamily.SemrushBot),
        (Product.GptBot, "GPTBot/", BrowserFamily.GptBot),
        (Product.ClaudeBot, "ClaudeBot/", BrowserFamily.ClaudeBot),
    ];

    private static bool TryBot(ReadOnlySpan<char> ua, UInt128 products, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? family, out int version)
    {
        foreach (var (product, token, name) in NamedBots)
        {
            if (Has(products, product))
            {
                family = name;
                version = MajorAfterIgnoreCase(ua, token);
                return true;
            }
        }

        if (Has(ua, "Slackbot"))
        {
            family = BrowserFamily.Slackbot;
            version = 0;
            return true;
        }

        if (Has(ua, "Yahoo! Slurp"))
        {
            family = BrowserFamily.YahooSlurp;
            version = 0;
            return true;
        }

        // Crawlers that follow the convention "(compatible; Name/1.0; +http://example.com/bot.html)", or call
        // themselves crawler, spider or *bot/. A bare "bot" substring is not enough: phone models such as
        // "CUBOT X30" would match.
        if (ua.IndexOf("+http", StringComparison.Ordinal) >= 0
            || AsciiText.IndexOfIgnoreCase(ua, "crawler") >= 0
            || AsciiText.IndexOfIgnoreCase(ua, "spider") >= 0
            || HasBotWord(ua))
        {
            family = BrowserFamily.OtherBot;
            version = 0;
            return true;
        }

        family = null;
        version = 0;
        return false;
    }

    private static bool HasBotWord(ReadOnlySpan<char> ua)
    {
        int from = 0;
        while (from < ua.Length)
        {
            int index = AsciiText.IndexOfIgnoreCase(ua[from..], "bot");
            if (index < 0)
            {
                return false;
            }

            int end = from + index + 3;
            if (end >= ua.Length || ua[end] is '/' or ';' or ')' or '-')
            {
                return true;
            }

            from = end;
        }

        return false;
    }
}
