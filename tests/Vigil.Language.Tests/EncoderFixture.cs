using Vigil.Language;

namespace Vigil.Language.Tests;

/// <summary>One loaded model shared by a test class: loading costs about a quarter of a second.</summary>
public sealed class EncoderFixture : IDisposable
{
    public MiniLmTextEmbedder Embedder { get; } = new();

    public void Dispose() => Embedder.Dispose();
}
