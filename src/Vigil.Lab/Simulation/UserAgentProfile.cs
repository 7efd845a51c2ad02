namespace Vigil.Lab.Simulation;

/// <summary>Browser and operating system of a device; the version moves with the release calendar.</summary>
internal enum UserAgentProfile
{
    ChromeWindows,
    EdgeWindows,
    FirefoxWindows,
    ChromeMac,
    SafariMac,
    FirefoxLinux,
    SafariIos,
    ChromeAndroid,
}
