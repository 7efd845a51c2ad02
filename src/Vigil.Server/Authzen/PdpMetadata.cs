using System.Net;

namespace Vigil.Server.Authzen;

/// <summary>
/// The AuthZEN 1.0 PDP metadata (section "Policy Decision Point Metadata"): the <c>policy_decision_point</c> identifier
/// and the endpoint URLs. Built once from settings, never from the request: the route is anonymous, and echoing a
/// caller's <c>Host</c> header would let anyone publish a metadata document that points clients elsewhere (issue 11,
/// defect 11), which is the mix-up the identifier exists to prevent.
/// </summary>
internal sealed class PdpMetadata
{
    private static readonly (string Name, string Path)[] Endpoints =
    [
        ("access_evaluation_endpoint", "/access/v1/evaluation"),
        ("access_evaluations_endpoint", "/access/v1/evaluations"),
        ("search_subject_endpoint", "/access/v1/search/subject"),
        ("search_resource_endpoint", "/access/v1/search/resource"),
        ("search_action_endpoint", "/access/v1/search/action"),
    ];

    public PdpMetadata(ServerOptions options)
    {
        string? baseUrl = BaseUrl(options);
        var document = new Dictionary<string, string>(StringComparer.Ordinal);
        if (baseUrl is not null)
        {
            document["policy_decision_point"] = baseUrl;
        }

        foreach (var (name, path) in Endpoints)
        {
            document[name] = (baseUrl ?? "") + path;
        }

        Document = document;
    }

    /// <summary>The metadata members, in the order they are written.</summary>
    public Dictionary<string, string> Document { get; }

    /// <summary>
    /// The public base URL: <see cref="ServerOptions.PublicBaseUrl"/>, else the first listen URL with a concrete host
    /// and port, else null (the metadata then gives relative paths and no identifier rather than a guessed one).
    /// </summary>
    public static string? BaseUrl(ServerOptions options)
    {
        if (options.PublicBaseUrl is { } configured)
        {
            return configured.TrimEnd('/');
        }

        foreach (string url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Port > 0 && !IsWildcard(uri.Host)
                && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                return uri.GetLeftPart(UriPartial.Authority);
            }
        }

        return null;
    }

    /// <summary>Null when <paramref name="url"/> may be the public base URL, else what is wrong and how to fix it.</summary>
    public static string? CheckPublicBaseUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "is not an absolute https:// URL; give the address callers use, e.g. https://pdp.example.com.";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri.Host))
        {
            return "uses http for a host that is not loopback; AuthZEN requires https for the PDP identifier (http is accepted only for 127.0.0.1, ::1 or localhost).";
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || url.Contains('#', StringComparison.Ordinal) || uri.UserInfo.Length > 0)
        {
            return "must have no query, fragment or user info (AuthZEN 1.0, policy_decision_point).";
        }

        return null;
    }

    private static bool IsWildcard(string host) =>
        host is "*" or "+" or "0.0.0.0" or "[::]" or "::" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
