using System.Runtime.CompilerServices;

namespace Vigil.Core.Baselines;

/// <summary>One stable hash per <see cref="Feature"/> of an event; 0 means the event does not carry that feature.</summary>
[InlineArray(FeatureSet.Count)]
internal struct FeatureHashes
{
    private ulong _element;

    public readonly bool Has(Feature feature) => this[(int)feature] != 0;

    public readonly ulong Of(Feature feature) => this[(int)feature];
}
