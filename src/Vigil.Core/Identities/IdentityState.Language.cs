using Vigil.Core.Language;

namespace Vigil.Core.Identities;

/// <summary>The language family's state of an identity: created on its first learned text, so identities without text cost nothing.</summary>
internal sealed partial class IdentityState
{
    /// <summary>Centroids of the texts this identity uses (4 of them: 3 KB); null until it has one.</summary>
    public TextBaseline? Text { get; set; }
}
