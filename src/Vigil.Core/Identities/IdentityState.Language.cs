using Vigil.Core.Language;

namespace Vigil.Core.Identities;

/// <summary>The language family's state of an identity: created on its first learned text, so identities without text cost nothing.</summary>
internal sealed partial class IdentityState
{
    /// <summary>Centroids of the texts this identity uses (8 of them: 6 KB at 384 dimensions); null until it has one.</summary>
    public TextBaseline? Text { get; set; }
}
