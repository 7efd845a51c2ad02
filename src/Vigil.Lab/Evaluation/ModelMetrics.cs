namespace Vigil.Lab.Evaluation;

/// <summary>Ranking metrics of one model: overall and per attack type (positives of that type against all benign events).</summary>
public sealed class ModelMetrics(string name)
{
    private readonly Dictionary<string, ScoreHistogram> _byType = new(StringComparer.Ordinal);

    /// <summary>The model's name in reports.</summary>
    public string Name { get; } = name;

    /// <summary>All events.</summary>
    public ScoreHistogram All { get; } = new();

    /// <summary>Attack types seen.</summary>
    public IEnumerable<string> AttackTypes => _byType.Keys.Order(StringComparer.Ordinal);

    /// <summary>Positives of one type.</summary>
    public ScoreHistogram ForType(string type) => _byType[type];

    internal void Add(double score, string? attackType)
    {
        All.Add(score, attackType is not null);
        if (attackType is not null)
        {
            if (!_byType.TryGetValue(attackType, out var histogram))
            {
                _byType[attackType] = histogram = new ScoreHistogram();
            }

            histogram.Add(score, positive: true);
        }
    }
}
