namespace Vigil.Core.Language;

/// <summary>
/// Turns a short text into a sentence embedding for the language family (docs/language.md). Vigil.Core holds only this
/// contract and the vector math; the model lives in Vigil.Language, so the engine takes no ML dependency.
/// </summary>
/// <remarks>
/// Implementations must be safe under concurrent callers and must return the same vector for the same text on every
/// call and every host: the vector is a unit vector quantised to <see cref="TextVector.Scale"/> steps per unit, so
/// the detectors' arithmetic is on integers and a score does not depend on the CPU's floating-point width.
/// </remarks>
public interface ITextEmbedder
{
    /// <summary>Length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>
    /// The embedding of <paramref name="text"/> (already bounded by the caller to <see cref="TextVector.MaxChars"/>
    /// characters). The array is shared with a cache: callers must not change it. A span, so a cached text is found
    /// without building a string: the engine's hot path allocates nothing for a text it has seen.
    /// </summary>
    sbyte[] Embed(ReadOnlySpan<char> text);
}
