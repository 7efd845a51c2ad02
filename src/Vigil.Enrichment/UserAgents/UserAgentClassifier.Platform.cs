namespace Vigil.Enrichment.UserAgents;

internal static partial class UserAgentClassifier
{
    private static (string Os, string? Version, bool IpadDesktopMode) DetectOs(ReadOnlySpan<char> ua, UInt128 products)
    {
        if (Has(ua, "iPhone") || Has(ua, "iPod"))
        {
            return (OsFamily.Ios, IosVersion(ua), false);
        }

        if (Has(ua, "iPad"))
        {
            return (OsFamily.IpadOs, IosVersion(ua), false);
        }

        if (Has(ua, "Android"))
        {
            return (OsFamily.Android, NumberStrings.Of(MajorAfter(ua, "Android ")), false);
        }

        if (Has(ua, "CrOS "))
        {
            // The number after CrOS is the platform build (e.g. 15633), not a version people know.
            return (OsFamily.ChromeOs, null, false);
        }

        if (Has(ua, "Windows"))
        {
            return (OsFamily.Windows, WindowsVersion(ua), false);
        }

        if (Has(ua, "Macintosh") || Has(ua, "Mac OS X"))
        {
            // Since iPadOS 13 Safari on iPad asks for desktop sites with the Mac Safari string, which is
            // indistinguishable from a Mac. Other iOS browsers and in-app web views keep their iOS tokens
            // (CriOS, FxiOS, EdgiOS, OPT, "Mobile/15E148") in desktop mode, and no Mac browser sends those.
            if (Has(products, Product.CriOS) || Has(products, Product.FxiOS) || Has(products, Product.EdgiOS)
                || Has(products, Product.Opt) || Has(products, Product.Mobile))
            {
                return (OsFamily.IpadOs, null, true);
            }

            return (OsFamily.MacOs, MacVersion(ua), false);
        }

        if (Has(ua, "Linux") || Has(ua, "Ubuntu") || Has(ua, "Fedora"))
        {
            return (OsFamily.Linux, null, false);
        }

        return (OsFamily.Other, null, false);
    }

    private static string? IosVersion(ReadOnlySpan<char> ua)
    {
        // "CPU iPhone OS 17_4 like Mac OS X", "CPU OS 16_6 like Mac OS X" (iPad); Instagram writes "iOS 17_1_2".
        int major = MajorAfter(ua, " OS ");
        if (major == 0)
        {
            major = MajorAfter(ua, "iOS ");
        }

        return major == 0 ? null : NumberStrings.Of(major);
    }

    /// <summary>
    /// Windows NT kernel version to marketing name (Microsoft's "Operating System Version" table). Windows 11
    /// still sends "Windows NT 10.0"; only the Sec-CH-UA-Platform-Version client hint tells them apart.
    /// </summary>
    private static string? WindowsVersion(ReadOnlySpan<char> ua)
    {
        int index = ua.IndexOf("Windows NT ", StringComparison.Ordinal);
        if (index < 0)
        {
            return null;
        }

        ReadOnlySpan<char> v = ua[(index + "Windows NT ".Length)..];
        return v switch
        {
            _ when v.StartsWith("10.0") => "10",
            _ when v.StartsWith("6.3") => "8.1",
            _ when v.StartsWith("6.2") => "8",
            _ when v.StartsWith("6.1") => "7",
            _ when v.StartsWith("6.0") => "Vista",
            _ when v.StartsWith("5.1") || v.StartsWith("5.2") => "XP",
            _ when v.StartsWith("5.0") => "2000",
            _ => null,
        };
    }

    private static string? MacVersion(ReadOnlySpan<char> ua)
    {
        int index = ua.IndexOf("Mac OS X ", StringComparison.Ordinal);
        if (index < 0)
        {
            return null;
        }

        // Chrome, Safari and Firefox freeze this at 10_15_7 / 10.15 on every newer macOS, so "10.15" means
        // "10.15 or later"; only macOS 11+ strings from other software carry the real major.
        ReadOnlySpan<char> v = ua[(index + "Mac OS X ".Length)..];
        int major = LeadingNumber(v);
        if (major != 10)
        {
            return major == 0 ? null : NumberStrings.Of(major);
        }

        int separator = v.IndexOfAny('_', '.');
        return separator == 2 ? NumberStrings.MacOs10Minor(LeadingNumber(v[3..])) : "10";
    }

    private static DeviceType DetectDevice(ReadOnlySpan<char> ua, string os, bool ipadDesktopMode)
    {
        if (ipadDesktopMode || ReferenceEquals(os, OsFamily.IpadOs))
        {
            return DeviceType.Tablet;
        }

        if (ReferenceEquals(os, OsFamily.Ios))
        {
            return DeviceType.Mobile;
        }

        if (IsTvOrConsole(ua, os))
        {
            return DeviceType.Other;
        }

        if (ReferenceEquals(os, OsFamily.Android))
        {
            // Google's guidance: Android phones send "Mobile", tablets do not (Firefox writes "Tablet").
            return Has(ua, "Mobile") && !Has(ua, "Tablet") ? DeviceType.Mobile : DeviceType.Tablet;
        }

        if (Has(ua, "Mobile") || Has(ua, "Mobi"))
        {
            return DeviceType.Mobile;
        }

        if (ReferenceEquals(os, OsFamily.Windows) || ReferenceEquals(os, OsFamily.MacOs)
            || ReferenceEquals(os, OsFamily.Linux) || ReferenceEquals(os, OsFamily.ChromeOs))
        {
            return DeviceType.Desktop;
        }

        return DeviceType.Other;
    }

    private static bool IsTvOrConsole(ReadOnlySpan<char> ua, string os)
    {
        // Only the Xbox runs a desktop OS string; Macs are never TVs. Saves the scans on the commonest strings.
        if (ReferenceEquals(os, OsFamily.Windows))
        {
            return Has(ua, "Xbox");
        }

        if (ReferenceEquals(os, OsFamily.MacOs) || ReferenceEquals(os, OsFamily.ChromeOs))
        {
            return false;
        }

        return Has(ua, "SMART-TV") || Has(ua, "SmartTV") || Has(ua, "Web0S") || Has(ua, "CrKey") || Has(ua, "BRAVIA")
            || Has(ua, "GoogleTV") || Has(ua, "AppleTV") || Has(ua, "; AFT") || Has(ua, "PlayStation") || Has(ua, "Nintendo");
    }
}
