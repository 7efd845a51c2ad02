namespace Vigil.Core.Language;

/// <summary>The engine's embedder with what the detectors compare against, embedded once when the engine is built.</summary>
internal sealed class LanguageModel(ITextEmbedder embedder)
{
    public ITextEmbedder Embedder { get; } = embedder;

    public sbyte[][] Intents { get; } = RiskyIntents.Embed(embedder);

    /// <summary>Reads free-text lines without a kind (no <c>event.action</c>) as a kind and outcome.</summary>
    public LogLineClassifier Lines { get; } = new(embedder);
}
