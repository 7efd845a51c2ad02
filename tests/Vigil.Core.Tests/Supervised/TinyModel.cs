using Vigil.Core.Supervised;

namespace Vigil.Core.Tests.Supervised;

/// <summary>
/// A hand-built model whose answer is known: a hosting source on a network provider new to the identity is an attack
/// (raw 3, p 0.95), a hosting source on a familiar one is doubtful (raw 0.5), anything else is not (raw -3, p 0.05).
/// </summary>
internal static class TinyModel
{
    public static SupervisedModel Create(string name = "tiny") => new(name, SupervisedFeatures.SchemaVersion, SupervisedFeatures.Count,
        bias: 0, plattSlope: -1, plattOffset: 0,
        roots: [0],
        feature: [SupervisedFeatures.Hosting, SupervisedFeatures.AsnNovelty],
        threshold: [0.5f, 0.5f],
        left: [~0, ~1],
        right: [1, ~2],
        leaves: [-3f, 0.5f, 3f]);
}
