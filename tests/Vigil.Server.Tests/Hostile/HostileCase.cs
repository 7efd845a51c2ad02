namespace Vigil.Server.Tests.Hostile;

/// <summary>
/// One generated request: the bytes sent, what was done to them (for the failure message), and the same access
/// question without the hostile part (<paramref name="Baseline"/>, a bare evaluation), or null when the mutation broke
/// the question itself. The oracle is the service's own answer to the baseline: a hostile request may be permitted only
/// when its baseline is, so the test needs no second copy of the policy's semantics.
/// </summary>
public sealed record HostileCase(string Mutation, byte[] Body, byte[]? Baseline)
{
    public override string ToString()
    {
        string text = System.Text.Encoding.UTF8.GetString(Body);
        return $"{Mutation}: {(text.Length > 600 ? text[..600] + $"... ({Body.Length} bytes)" : text)}";
    }
}
