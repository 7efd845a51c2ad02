namespace Vigil.Core.Policies;

/// <summary>What a segment asks of the device and the authentication before anything else.</summary>
public sealed record Requirements
{
    /// <summary>The device must be reported compliant.</summary>
    public bool CompliantDevice { get; init; }

    /// <summary>The device must be managed.</summary>
    public bool ManagedDevice { get; init; }

    /// <summary>Minimum authentication strength: null, <c>mfa</c> or <c>phr</c> (phishing-resistant).</summary>
    public string? AuthenticationStrength { get; init; }

    /// <summary>No requirements.</summary>
    public static Requirements None { get; } = new();
}
