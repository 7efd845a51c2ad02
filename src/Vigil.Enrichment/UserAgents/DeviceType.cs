namespace Vigil.Enrichment.UserAgents;

/// <summary>The kind of device a user-agent string claims to come from.</summary>
public enum DeviceType
{
    /// <summary>Unknown, or not a person's device: scripted clients, TVs, consoles, unrecognised strings.</summary>
    Other = 0,

    /// <summary>Windows, macOS, Linux and ChromeOS computers.</summary>
    Desktop,

    /// <summary>Phones: iPhone, iPod, Android with the "Mobile" token.</summary>
    Mobile,

    /// <summary>iPad (including iPadOS desktop-mode strings that betray an iOS browser) and Android without "Mobile".</summary>
    Tablet,

    /// <summary>Search-engine crawlers, link-preview fetchers, SEO and AI crawlers.</summary>
    Bot,
}
