namespace Vigil.Server.SharedSignals;

/// <summary>
/// A stream Vigil receives from another transmitter (issue 16, item 3), as configured from the transmitter's
/// discovery document. <see cref="PushSecretHash"/> is the SHA-256 of the bearer secret the transmitter sends with
/// each push; <see cref="TransmitterAuthorization"/> and <see cref="TransmitterApiKey"/> are what Vigil sends to the
/// transmitter. Neither is ever logged nor returned by the API.
/// </summary>
internal sealed record ReceiverStream
{
    public required string Id { get; init; }

    public required string Issuer { get; init; }

    public required string JwksUri { get; init; }

    public required string ConfigurationEndpoint { get; init; }

    public string? VerificationEndpoint { get; init; }

    /// <summary>The stream's id at the transmitter.</summary>
    public required string StreamId { get; init; }

    /// <summary>The <c>aud</c> the transmitter puts in this stream's SETs (from its stream configuration).</summary>
    public required string Audience { get; init; }

    /// <summary><see cref="SsfEventTypes.Push"/> or <see cref="SsfEventTypes.Poll"/>.</summary>
    public required string Method { get; init; }

    /// <summary>The transmitter's poll URL (poll streams).</summary>
    public string? PollUrl { get; init; }

    /// <summary>The tenant whose identities this stream's subjects are (null: the default tenant, unless a subject names one).</summary>
    public string? Tenant { get; init; }

    public string? PushSecretHash { get; init; }

    public string? TransmitterAuthorization { get; init; }

    public string? TransmitterApiKey { get; init; }

    public string[] EventsDelivered { get; init; } = [];

    /// <summary>The state sent with the last verification request; a verification event echoing it verifies the stream.</summary>
    public string? VerificationState { get; init; }

    public bool Verified { get; init; }

    /// <summary>The stream's status as the transmitter last announced it (stream-updated): enabled, paused or disabled.</summary>
    public string TransmitterStatus { get; init; } = "enabled";

    public long CreatedMs { get; init; }
}
