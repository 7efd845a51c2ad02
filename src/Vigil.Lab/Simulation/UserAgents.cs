using System.Globalization;

namespace Vigil.Lab.Simulation;

/// <summary>
/// User agent strings as browsers send them in 2025-2026 (reduced UA: Chrome freezes minor versions and the
/// OS token). Versions follow the public release cadence: Chrome and Edge every four weeks from 131 on
/// 2024-11-12, Firefox every four weeks from 121 on 2023-12-19, Safari/iOS yearly majors with point releases.
/// </summary>
internal static class UserAgents
{
    private static readonly DateOnly ChromeEpoch = new(2024, 11, 12);
    private static readonly DateOnly FirefoxEpoch = new(2023, 12, 19);
    private static readonly DateOnly SafariEpoch = new(2023, 9, 18);

    /// <summary>Scripted and tool clients seen in attacks.</summary>
    public static readonly string[] Scripted =
    [
        "python-requests/2.32.3", "curl/8.7.1", "Go-http-client/1.1", "okhttp/4.12.0", "axios/1.7.7",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:52.0) Gecko/20100101 Firefox/52.0",
        "BAV2ROPC", "python-httpx/0.27.0",
    ];

    public static int Version(UserAgentProfile profile, DateOnly date) => profile switch
    {
        UserAgentProfile.FirefoxWindows or UserAgentProfile.FirefoxLinux => 121 + ((date.DayNumber - FirefoxEpoch.DayNumber) / 28),
        UserAgentProfile.SafariMac or UserAgentProfile.SafariIos => SafariMajor(17 + ((date.DayNumber - SafariEpoch.DayNumber) / 365)),
        _ => 131 + ((date.DayNumber - ChromeEpoch.DayNumber) / 28),
    };

    /// <summary>Apple jumped from 18 to 26 (the year-based scheme) in September 2025.</summary>
    private static int SafariMajor(int sequential) => sequential >= 19 ? sequential + 7 : sequential;

    public static string Build(UserAgentProfile profile, DateOnly date)
    {
        var v = Version(profile, date);
        var minor = Math.Clamp((date.DayNumber - SafariEpoch.DayNumber) % 365 / 60, 0, 6);
        return profile switch
        {
            UserAgentProfile.ChromeWindows => string.Create(CultureInfo.InvariantCulture,
                $"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"),
            UserAgentProfile.EdgeWindows => string.Create(CultureInfo.InvariantCulture,
                $"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0"),
            UserAgentProfile.FirefoxWindows => string.Create(CultureInfo.InvariantCulture,
                $"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"),
            UserAgentProfile.ChromeMac => string.Create(CultureInfo.InvariantCulture,
                $"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"),
            UserAgentProfile.SafariMac => string.Create(CultureInfo.InvariantCulture,
                $"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{v}.{minor} Safari/605.1.15"),
            UserAgentProfile.FirefoxLinux => string.Create(CultureInfo.InvariantCulture,
                $"Mozilla/5.0 (X11; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"),
            UserAgentProfile.SafariIos => string.Create(CultureInfo.InvariantCulture,
                $"Mozilla/5.0 (iPhone; CPU iPhone OS {v}_{minor} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{v}.{minor} Mobile/15E148 Safari/604.1"),
            _ => string.Create(CultureInfo.InvariantCulture,
                $"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36"),
        };
    }

    public static string OsName(UserAgentProfile profile) => profile switch
    {
        UserAgentProfile.ChromeWindows or UserAgentProfile.EdgeWindows or UserAgentProfile.FirefoxWindows => "Windows",
        UserAgentProfile.ChromeMac or UserAgentProfile.SafariMac => "macOS",
        UserAgentProfile.FirefoxLinux => "Linux",
        UserAgentProfile.SafariIos => "iOS",
        _ => "Android",
    };

    public static bool IsMobile(UserAgentProfile profile) => profile is UserAgentProfile.SafariIos or UserAgentProfile.ChromeAndroid;
}
