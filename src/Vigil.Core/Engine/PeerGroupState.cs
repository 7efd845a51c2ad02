using Vigil.Core.Baselines;
using Vigil.Core.Language;

namespace Vigil.Core.Engine;

/// <summary>The behaviour profile of one peer group (same role or department), with its lock.</summary>
internal sealed class PeerGroupState(string name)
{
    public string Name { get; } = name;

    public Lock Gate { get; } = new();

    public BehaviourProfile Profile { get; set; } = new(ProfileShape.PeerGroup);

    /// <summary>Centroids of the texts the group's members use (language family); null until one is learned.</summary>
    public TextBaseline? Text { get; set; }
}
