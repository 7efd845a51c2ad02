namespace Vigil.Server.Composition;

/// <summary>
/// The upstream AuthZEN PDP Vigil is composed with (<c>--upstream-pdp</c> and its companions; docs/integration.md).
/// Which segments ask it, and how the answers combine, is the policy's <c>upstream:</c>.
/// </summary>
public sealed class UpstreamPdpSettings
{
    /// <summary>The upstream PDP's base URL; its Access Evaluation API is <c>{url}/access/v1/evaluation</c>. Null: not composed.</summary>
    public string? Url { get; set; }

    /// <summary>A file holding the bearer token Vigil presents to the upstream (read once at start, never logged).</summary>
    public string? TokenFile { get; set; }

    /// <summary>How long Vigil waits for the upstream's answer before deciding without it (deny), milliseconds.</summary>
    public int TimeoutMs { get; set; } = 500;

    /// <summary>Consecutive failures after which the circuit opens and the upstream is not asked for <see cref="OpenSeconds"/>.</summary>
    public int FailuresToOpen { get; set; } = 5;

    /// <summary>How long an open circuit stays open before one request tries the upstream again, seconds.</summary>
    public int OpenSeconds { get; set; } = 10;

    /// <summary>Every invalid setting, naming the option.</summary>
    public IEnumerable<string> Validate()
    {
        if (Url is not null && (!Uri.TryCreate(Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(url.Query)))
        {
            yield return $"--upstream-pdp '{Url}' is not an http:// or https:// base URL without a query, e.g. https://pdp.example.com.";
        }

        if (TokenFile is not null && !File.Exists(TokenFile))
        {
            yield return $"--upstream-pdp-token-file '{TokenFile}' does not exist; give a file holding the bearer token.";
        }

        if (Url is null && TokenFile is not null)
        {
            yield return "--upstream-pdp-token-file is set without --upstream-pdp: give the upstream PDP's URL.";
        }

        if (TimeoutMs is < 1 or > 60_000)
        {
            yield return FormattableString.Invariant($"--upstream-pdp-timeout-ms is {TimeoutMs}; it must be between 1 and 60000.");
        }

        if (FailuresToOpen is < 1 or > 1_000)
        {
            yield return FormattableString.Invariant($"--upstream-pdp-failures-to-open is {FailuresToOpen}; it must be between 1 and 1000.");
        }

        if (OpenSeconds is < 1 or > 3_600)
        {
            yield return FormattableString.Invariant($"--upstream-pdp-open-seconds is {OpenSeconds}; it must be between 1 and 3600.");
        }
    }
}
