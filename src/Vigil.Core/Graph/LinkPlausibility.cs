namespace Vigil.Core.Graph;

/// <summary>
/// How plausible a new edge from an identity to a host or resource is, given the neighbourhood (issue 14, item 3):
/// <see cref="Implausible"/> when no identity of its group reaches the target although <see cref="Others"/> other
/// identities do, or (with <see cref="Others"/> 0) when no identity reached it before.
/// </summary>
internal readonly record struct LinkPlausibility(bool Implausible, int Others)
{
    public static readonly LinkPlausibility Plausible = new(false, 0);
}
