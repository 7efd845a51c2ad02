using Vigil.Core.Engine;
using Vigil.Core.Scoring;

namespace Vigil.Lab.Evaluation;

/// <summary>
/// One row of the model-family table (<c>vigil evaluate --families</c>, docs/evaluation.md): an engine running only
/// <see cref="Families"/>, measured on the same events as every other row, beside what the product brief claims.
/// </summary>
public sealed class FamilyRow
{
    /// <summary>An alert is an assessment at this score or above (risk level medium, docs/policies.md).</summary>
    public const int AlertScore = 40;

    /// <summary>Row name: unsupervised, supervised, graph, language, fused, or an ablation such as fused-no-language.</summary>
    public required string Name { get; init; }

    /// <summary>The detector families the row's engine runs.</summary>
    public required DetectorFamilies Families { get; init; }

    /// <summary>What the family needs to work (labels, a baseline period, a graph, text and a model).</summary>
    public required string Needs { get; init; }

    /// <summary>
    /// The brief's latency claim for this family ("" when none is known). Issue 19 quotes the figures in the order the
    /// brief lists its families (supervised, unsupervised, graph, language): "&lt; 100 ms", "&lt; 50 ms", "100-500 ms",
    /// and the verdict "black box"; the brief's table itself is not in the repository (docs/evaluation.md).
    /// </summary>
    public string ClaimedLatency { get; init; } = "";

    /// <summary>The brief's explainability verdict for this family ("" when none).</summary>
    public string ClaimedExplainability { get; init; } = "";

    /// <summary>Adaptation to a new attack type after 0/10/100 labels; "n/a" for families that learn no labels.</summary>
    public string Adaptation { get; init; } = "n/a";

    /// <summary>A row that removes one family from the fused engine, to show what that family adds.</summary>
    public bool IsAblation { get; init; }

    /// <summary>Ranking metrics on the scored events.</summary>
    public ModelMetrics Metrics => _metrics ??= new ModelMetrics(Name);

    /// <summary>In-process time of <c>VigilEngine.Observe</c> per scored event (scoring and learning).</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Assessments at <see cref="AlertScore"/> or above.</summary>
    public long Alerts { get; private set; }

    /// <summary>Alerts whose strongest reason names a concrete feature, entity or path (<see cref="IsConcrete"/>).</summary>
    public long ExplainedAlerts { get; private set; }

    /// <summary>Share of alerts that explain themselves; NaN without alerts.</summary>
    public double Explainability => Alerts == 0 ? double.NaN : (double)ExplainedAlerts / Alerts;

    private ModelMetrics? _metrics;

    internal void Record(in RiskAssessment a)
    {
        if (a.Score < AlertScore)
        {
            return;
        }

        Alerts++;
        if (a.FactorCount > 0 && IsConcrete(a.Factor(0).Code))
        {
            ExplainedAlerts++;
        }
    }

    /// <summary>
    /// Whether a reason names something an analyst can check: a feature value, an entity, a resource, a route or a
    /// count of a named kind. A multivariate outlier score and carried-over identity risk name nothing of the event.
    /// </summary>
    public static bool IsConcrete(ReasonCode code) => code is not (ReasonCode.None or ReasonCode.MultivariateOutlier or ReasonCode.IdentityAtRisk);

    /// <summary>
    /// The rows: each <see cref="DetectorFamilies"/> group. The supervised family joins when a model is given
    /// (<c>--model</c>); its trees read the other families' outputs, so its row is the model stacked on the unsupervised
    /// families, as it was trained (docs/supervised.md).
    /// </summary>
    public static IReadOnlyList<FamilyRow> Create(bool withSupervisedModel)
    {
        var supervised = withSupervisedModel ? DetectorFamilies.Supervised : DetectorFamilies.None;
        var unsupervised = DetectorFamilies.All & ~DetectorFamilies.Graph & ~DetectorFamilies.Language & ~DetectorFamilies.Supervised;
        var rows = new List<FamilyRow>
        {
            new()
            {
                Name = "unsupervised", Families = unsupervised,
                Needs = "no labels; a baseline period (20 learned sign-ins per identity before hour and rate profiles count)",
                ClaimedLatency = "< 50 ms",
            },
        };
        if (supervised != DetectorFamilies.None)
        {
            rows.Add(new FamilyRow
            {
                Name = "supervised (stacked on unsupervised)",
                Families = unsupervised | supervised,
                Needs = "labels (confirmed attacks and feedback)",
                ClaimedLatency = "< 100 ms",
                Adaptation = "see the supervised section",
            });
        }

        rows.Add(new FamilyRow
        {
            Name = "graph",
            Families = DetectorFamilies.Graph,
            Needs = "no labels; edges identity -> resource; a day of history per edge",
            ClaimedLatency = "100-500 ms",
            ClaimedExplainability = "black box",
        });
        rows.Add(new FamilyRow
        {
            Name = "language",
            Families = DetectorFamilies.Language,
            Needs = "no labels; free text (tool calls, routes, commands, log lines); a local sentence model (MiniLM, 90 MB); 20 texts per identity for novelty",
        });
        rows.Add(new FamilyRow { Name = "fused", Families = DetectorFamilies.All, Needs = "all of the above" });
        rows.Add(new FamilyRow
        {
            Name = "fused-no-language",
            Families = DetectorFamilies.All & ~DetectorFamilies.Language,
            Needs = "ablation: fused without the language family",
            IsAblation = true,
        });
        return rows;
    }
}
