namespace Vigil.Enrichment.UserAgents;

internal static partial class UserAgentClassifier
{
    private static readonly (string Token, string Family)[] NamedBots =
    [
        ("Googlebot", BrowserFamily.Googlebot),
        ("bingbot", BrowserFamily.Bingbot),
        ("YandexBot", BrowserFamily.YandexBot),
        ("Baiduspider", BrowserFamily.Baiduspider),
        ("DuckDuckBot", BrowserFamily.DuckDuckBot),
        ("Applebot", BrowserFamily.Applebot),
        ("facebookexternalhit", BrowserFamily.FacebookCrawler),
        ("Twitterbot", BrowserFamily.Twitterbot),
        ("LinkedInBot", BrowserFamily.LinkedInBot),
        ("Slackbot", BrowserFamily.Slackbot),
        ("AhrefsBot", BrowserFamily.AhrefsBot),
        ("SemrushBot", BrowserFamily.SemrushBot),
        ("GPTBot", BrowserFamily.GptBot),
        ("ClaudeBot", BrowserFamily.ClaudeBot),
        ("Yahoo! Slurp", BrowserFamily.YahooSlurp),
    ];

    private static bool TryBot(ReadOnlySpan<char> ua, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? family, out int version)
    {
        foreach (var (token, name) in NamedBots)
        {
            int index = ua.IndexOf(token, StringComparison.Ordinal);
            if (index >= 0)
            {
                family = name;
                version = LeadingNumber(ua[(index + token.Length)..]);
                return true;
            }
        }

        // Crawlers that follow the convention "(compatible; Name/1.0; +http://example.com/bot.html)", or call
        // themselves crawler, spider or *bot/. A bare "bot" substring is not enough: phone models such as
        // "CUBOT X30" would match.
        if (ua.IndexOf("+http", StringComparison.Ordinal) >= 0
            || ua.IndexOf("crawler", StringComparison.OrdinalIgnoreCase) >= 0
            || ua.IndexOf("spider", StringComparison.OrdinalIgnoreCase) >= 0
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
            int index = ua[from..].IndexOf("bot", StringComparison.OrdinalIgnoreCase);
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
