using System.Globalization;

namespace Vigil.Core.Scoring;

/// <summary>
/// One piece of evidence: a stable code, how strong it is (0..1), how much it may move the score (weight),
/// and up to two numbers and a text that <see cref="Describe"/> turns into a sentence. The sentence is built
/// only when asked for, so scoring allocates nothing.
/// </summary>
public readonly record struct RiskFactor(ReasonCode Code, float Strength, float Weight, double Value1 = 0, double Value2 = 0, string? Text = null)
{
    /// <summary>The stable code as written in documents and APIs, e.g. "VG1002".</summary>
    public string CodeText => ReasonCatalog.CodeText(Code);

    /// <summary>This factor's share of the risk (weight x strength), 0..1.</summary>
    public float Contribution => Strength * Weight;

    /// <summary>A sentence a person understands.</summary>
    public string Describe() => ReasonCatalog.Describe(this);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{CodeText} ({Contribution:0.00}): {Describe()}");
}
