namespace Vigil.Enrichment.UserAgents;

internal static partial class UserAgentClassifier
{
    private static (string Family, int Major) DetectBrowser(ReadOnlySpan<char> ua, UInt128 products, string os)
    {
        bool android = ReferenceEquals(os, OsFamily.Android);
        bool apple = ReferenceEquals(os, OsFamily.Ios) || ReferenceEquals(os, OsFamily.IpadOs);

        // Chromium derivatives first: each also carries Chrome/ and Safari/.
        if (Has(products, Product.Edg))
        {
            return (android ? BrowserFamily.EdgeMobile : BrowserFamily.Edge, MajorAfter(ua, "Edg/"));
        }

        if (Has(products, Product.EdgA))
        {
            return (BrowserFamily.EdgeMobile, MajorAfter(ua, "EdgA/"));
        }

        if (Has(products, Product.EdgiOS))
        {
            return (BrowserFamily.EdgeMobile, MajorAfter(ua, "EdgiOS/"));
        }

        if (Has(products, Product.Edge))
        {
            // EdgeHTML (2015-2020) sent "Chrome/70 ... Safari/537.36 Edge/18.x".
            return (BrowserFamily.Edge, MajorAfter(ua, "Edge/"));
        }

        if (Has(products, Product.Opr))
        {
            return (android ? BrowserFamily.OperaMobile : BrowserFamily.Opera, MajorAfter(ua, "OPR/"));
        }

        if (Has(products, Product.Opt) || Has(products, Product.OpiOS))
        {
            return (BrowserFamily.OperaMobile, Has(products, Product.Opt) ? MajorAfter(ua, "OPT/") : MajorAfter(ua, "OPiOS/"));
        }

        if (ua.StartsWith("Opera/", StringComparison.Ordinal) || Has(ua, "Opera Mini/"))
        {
            // Presto Opera froze "Opera/9.80" and put the real version in Version/.
            int version = MajorAfter(ua, "Version/");
            return (BrowserFamily.Opera, version != 0 ? version : MajorAfter(ua, "Opera/"));
        }

        if (Has(products, Product.SamsungBrowser))
        {
            return (BrowserFamily.SamsungInternet, MajorAfter(ua, "SamsungBrowser/"));
        }

        if (Has(products, Product.YaBrowser))
        {
            return (BrowserFamily.Yandex, MajorAfter(ua, "YaBrowser/"));
        }

        if (Has(products, Product.UcBrowser))
        {
            return (BrowserFamily.UcBrowser, MajorAfter(ua, "UCBrowser/"));
        }

        if (Has(products, Product.Vivaldi))
        {
            return (BrowserFamily.Vivaldi, MajorAfter(ua, "Vivaldi/"));
        }

        if (Has(ua, "Brave"))
        {
            // Brave normally sends a plain Chrome string; a few builds and in-app views add a Brave token.
            int version = MajorAfter(ua, "Brave/");
            return (BrowserFamily.Brave, version != 0 ? version : MajorAfter(ua, "Chrome/"));
        }

        // In-app browsers wrap the platform web view; they are worth telling apart from the real browser.
        if (Has(products, Product.Fbav) || Has(products, Product.Fban))
        {
            return (BrowserFamily.Facebook, MajorAfter(ua, "FBAV/"));
        }

        if (Has(ua, "Instagram "))
        {
            return (BrowserFamily.Instagram, MajorAfter(ua, "Instagram "));
        }

        // iOS browsers must use WebKit, so they add their own token to a Safari string.
        if (Has(products, Product.CriOS))
        {
            return (BrowserFamily.ChromeMobileIos, MajorAfter(ua, "CriOS/"));
        }

        if (Has(products, Product.FxiOS))
        {
            return (BrowserFamily.FirefoxIos, MajorAfter(ua, "FxiOS/"));
        }

        if (Has(products, Product.Firefox))
        {
            return (android ? BrowserFamily.FirefoxMobile : BrowserFamily.Firefox, MajorAfter(ua, "Firefox/"));
        }

        if (Has(products, Product.Chrome) || Has(products, Product.Chromium))
        {
            int version = Has(products, Product.Chrome) ? MajorAfter(ua, "Chrome/") : MajorAfter(ua, "Chromium/");
            if (android)
            {
                // "; wv)" marks an Android System WebView inside an app (Chrome's user-agent documentation).
                return (Has(ua, "; wv)") ? BrowserFamily.ChromeWebView : BrowserFamily.ChromeMobile, version);
            }

            return (BrowserFamily.Chrome, version);
        }

        if (Has(ua, "MSIE "))
        {
            return (BrowserFamily.InternetExplorer, MajorAfter(ua, "MSIE "));
        }

        if (Has(products, Product.Trident))
        {
            // IE 11 dropped "MSIE" and reports "Trident/7.0; rv:11.0".
            return (BrowserFamily.InternetExplorer, MajorAfter(ua, "rv:"));
        }

        if (apple)
        {
            return Has(products, Product.Safari) && Has(products, Product.Version)
                ? (BrowserFamily.MobileSafari, MajorAfter(ua, "Version/"))
                : (BrowserFamily.IosWebView, 0);
        }

        if (Has(products, Product.Safari) && Has(products, Product.Version))
        {
            return (android ? BrowserFamily.AndroidBrowser : BrowserFamily.Safari, MajorAfter(ua, "Version/"));
        }

        return (BrowserFamily.Other, 0);
    }
}
