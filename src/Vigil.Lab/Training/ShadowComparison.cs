using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Pipeline;
using Vigil.Core.Supervised;
using Vigil.Core.Telemetry;
using Vigil.Lab.Evaluation;

namespace Vigil.Lab.Training;

/// <summary>
/// The promotion test of the model lifecycle: recent labelled events run through one engine with the model in force
/// (none is allowed) and the candidate as its shadow; the candidate wins only with a higher average precision on them
/// (precision matters most when attacks are rare) and at least one attack among them.
/// </summary>
public sealed class ShadowComparison
{
    /// <summary>Ranking of the model in force (everything 0 when none is).</summary>
    public ScoreHistogram InForce { get; } = new();

    /// <summary>Ranking of the shadow candidate on the same events.</summary>
    public ScoreHistogram Candidate { get; } = new();

    /// <summary>True when the candidate should replace the model in force.</summary>
    public bool CandidateWins => Candidate.Positives > 0 && Candidate.Negatives > 0 && Candidate.AveragePrecision() > InForce.AveragePrecision();

    /// <summary>Runs the comparison over labelled NDJSON.</summary>
    public static ShadowComparison Run(Stream ndjson, SupervisedModel? inForce, SupervisedModel candidate, int seed = 1, IEventEnricher? enricher = null)
    {
        var engine = new VigilEngine(new VigilEngineOptions { Seed = seed, SupervisedModel = inForce, ShadowModel = candidate });
        var comparison = new ShadowComparison();
        new ReplayPipeline(engine, policy: null, enricher).Run(ndjson, (in ScoredEvent s) =>
        {
            if (s.Event.IsAccessAttempt || s.Event.Kind == EventKind.Mfa)
            {
                comparison.InForce.Add(s.Assessment.SupervisedProbability, s.Event.AttackType is not null);
                comparison.Candidate.Add(s.Assessment.ShadowProbability, s.Event.AttackType is not null);
            }
        }, (_, _) => { });

        return comparison;
    }
}
