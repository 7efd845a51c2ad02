namespace Vigil.Core.Baselines;

/// <summary>
/// The categorical features a behaviour profile counts. Two hierarchies back each other off when a value is new
/// (Freeman et al., NDSS 2016, section 4.2): network (country -> ASN -> IP prefix) and client
/// (device type -> OS -> browser -> browser version).
/// </summary>
internal enum Feature
{
    Country,
    Asn,
    IpPrefix,
    City,
    DeviceType,
    OperatingSystem,
    Browser,
    BrowserVersion,
    Device,
    Resource,
    Action,
    AuthMethod,
}

internal static class FeatureSet
{
    public const int Count = 12;

    /// <summary>Parent in its hierarchy, or -1 for a root.</summary>
    public static int Parent(Feature feature) => feature switch
    {
        Feature.Asn => (int)Feature.Country,
        Feature.IpPrefix => (int)Feature.Asn,
        Feature.OperatingSystem => (int)Feature.DeviceType,
        Feature.Browser => (int)Feature.OperatingSystem,
        Feature.BrowserVersion => (int)Feature.Browser,
        _ => -1,
    };

    /// <summary>Words for explanations.</summary>
    public static string Describe(Feature feature) => feature switch
    {
        Feature.Country => "country",
        Feature.Asn => "network provider (ASN)",
        Feature.IpPrefix => "IP address range",
        Feature.City => "city",
        Feature.DeviceType => "device type",
        Feature.OperatingSystem => "operating system",
        Feature.Browser => "browser",
        Feature.BrowserVersion => "browser version",
        Feature.Device => "device",
        Feature.Resource => "resource",
        Feature.Action => "action",
        Feature.AuthMethod => "credential type",
        _ => "property",
    };
}
