using Vigil.Core.Decisions;
using Vigil.Core.Engine;
using Vigil.Core.Enrichment;
using Vigil.Core.Graph;
using Vigil.Core.Pipeline;
using Vigil.Core.Scoring;
using Vigil.Core.Supervised;
using Vigil.Core.Telemetry;

namespace Vigil.Lab.Evaluation;

/// <summary>
/// The evaluation protocol, the same for every dataset: events stream in time order through the decision pipeline
/// (<see cref="ReplayPipeline"/>: the full engine and the active policy, as <c>vigil score</c> and the service run
/// them), and in the same pass through the reference models (the plain Freeman et al. likelihood, a
/// rules-only engine, the full engine without the graph family, the full engine without link plausibility, MIDAS-F and MIDAS-R alone; with a supervised model, also the
/// full engine fused with it and the model's probability alone, docs/supervised.md); every sign-in, MFA and access event is scored before it is learned. Attack events (those with
/// <c>labels.attack_type</c>) are positives, the rest negatives. Memory is bounded by histograms, not by events.
/// </summary>
public sealed class Evaluator(IDecisionPolicy policy, string policyVersion, IEventEnricher? enricher = null, int seed = 1, SupervisedModel? supervised = null)
{
    /// <summary>The full engine fused with the supervised model, when one is given.</summary>
    public const string FusedName = "vigil+supervised";

    /// <summary>The supervised model's probability alone (its inputs still come from the other families).</summary>
    public const string SupervisedOnlyName = "supervised-only";

    /// <summary>Reference models run beside the full engine.</summary>
    public static IReadOnlyList<(string Name, DetectorFamilies Families)> ReferenceModels { get; } =
    [
        ("freeman-2016", DetectorFamilies.Likelihood),
        ("rules-only", DetectorFamilies.Rules),
        ("vigil-no-graph", DetectorFamilies.All & ~DetectorFamilies.Graph),
    ];

    /// <summary>
    /// Also measure one engine per model family (<see cref="FamilyRow.Create"/>): the families table of
    /// <c>vigil evaluate --families</c>. Each row costs one more engine pass over the events.
    /// </summary>
    public bool MeasureFamilies { get; init; }

    /// <summary>The language family's sentence encoder, for the family rows (null: the language rows score nothing).</summary>
    public Vigil.Core.Language.ITextEmbedder? TextEmbedder { get; init; }

    /// <summary>The full engine without the graph family's link plausibility (VG1705): what it adds, in the same run.</summary>
    public const string NoLinkName = "vigil-no-link";

    /// <summary>MIDAS-F alone (MIDAS-R with anomalous keys kept out of the totals; Bhatia et al., TKDD 2022), beside MIDAS-R.</summary>
    public const string MidasFName = "midas-f";

    /// <summary>The name of MIDAS-R alone (Bhatia et al. 2020), the last model of every report.</summary>
    public const string MidasRName = "midas-r";

    /// <summary>Runs the protocol over NDJSON input.</summary>
    public EvaluationResult Run(Stream input, Action<long, string>? onError = null, IProgress<long>? progress = null)
    {
        using var reader = new NdjsonEventReader(input);
        return Run(reader.ReadAll(), onError, progress, () => reader.LinesRead);
    }

    /// <summary>Runs the protocol over events already read (CSV adapters, tests).</summary>
    public EvaluationResult Run(IEnumerable<EcsLine> lines, Action<long, string>? onError = null, IProgress<long>? progress = null, Func<long>? linesRead = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var full = new VigilEngine(new VigilEngineOptions { Seed = seed });
        var references = ReferenceModels.Select(m => new VigilEngine(new VigilEngineOptions { Seed = seed, Detectors = m.Families })).ToArray();
        var result = new EvaluationResult
        {
            Models =
            [
                new ModelMetrics("vigil"), .. ReferenceModels.Select(m => new ModelMetrics(m.Name)),
                .. supervised is null ? Array.Empty<ModelMetrics>() : [new ModelMetrics(FusedName), new ModelMetrics(SupervisedOnlyName)],
                new ModelMetrics(NoLinkName),
                new ModelMetrics(MidasFName),
                new ModelMetrics(MidasRName),
            ],
            PolicyVersion = policyVersion,
        };

        var fused = supervised is null ? null : new VigilEngine(new VigilEngineOptions { Seed = seed, SupervisedModel = supervised });
        var midas = new MidasRReference(new VigilEngineOptions { Seed = seed });
        var noLink = new VigilEngine(new VigilEngineOptions { Seed = seed, GraphLinkPlausibility = false });
        var noLinkMetrics = result.Models[^3];
        var midasF = new MidasRReference(new VigilEngineOptions { Seed = seed }, MidasRReference.PaperFilterThreshold);
        var midasFMetrics = result.Models[^2];
        var rows = MeasureFamilies ? FamilyRow.Create(supervised is not null) : [];
        var rowEngines = rows.Select(f => new VigilEngine(new VigilEngineOptions { Seed = seed, Detectors = f.Families, TextEmbedder = TextEmbedder, SupervisedModel = supervised })).ToArray();
        result.Families = MeasureFamilies ? rows : null;
        long scored = 0, seen = 0;
        var replay = new ReplayPipeline(full, policy, enricher);
        var summary = replay.Run(lines, linesRead ?? (() => seen), (in ScoredEvent s) =>
        {
            var e = s.Event;
            var assessment = s.Assessment;
            bool counted = e.IsAccessAttempt || e.Kind == EventKind.Mfa;
            if (counted)
            {
                scored++;
                result.Models[0].Add(assessment.Probability, e.AttackType);
                Record(result, e, assessment, s.Decision);
            }

            for (int m = 0; m < references.Length; m++)
            {
                var reference = references[m].Observe(e);
                if (counted)
                {
                    result.Models[m + 1].Add(reference.Probability, e.AttackType);
                }
            }

            if (fused is not null)
            {
                var withModel = fused.Observe(e);
                if (counted)
                {
                    result.Models[references.Length + 1].Add(withModel.Probability, e.AttackType);
                    result.Models[references.Length + 2].Add(withModel.SupervisedProbability, e.AttackType);
                }
            }

            for (int f = 0; f < rows.Count; f++)
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                var a = rowEngines[f].Observe(e);
                double ns = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalNanoseconds;
                if (counted)
                {
                    rows[f].Metrics.Add(a.Probability, e.AttackType);
                    rows[f].Latency.Add(ns);
                    rows[f].Record(a);
                }
            }

            var withoutLink = noLink.Observe(e);
            if (counted)
            {
                noLinkMetrics.Add(withoutLink.Probability, e.AttackType);
            }

            double filtered = midasF.ScoreAndAdd(e);
            if (counted)
            {
                midasFMetrics.Add(MidasRReference.ToUnit(filtered), e.AttackType);
            }

            double edgeScore = midas.ScoreAndAdd(e);
            if (counted)
            {
                result.Models[^1].Add(MidasRReference.ToUnit(edgeScore), e.AttackType);
            }

            if (++seen % 0x10000 == 0 && progress is not null)
            {
                progress.Report(seen);
            }
        }, (line, error) =>
        {
            result.Rejected++;
            onError?.Invoke(line, error);
        });

        result.Scored = scored;
        result.Lines = summary.Lines;
        result.Elapsed = clock.Elapsed;
        using (var process = System.Diagnostics.Process.GetCurrentProcess())
        {
            result.PeakMemoryBytes = process.PeakWorkingSet64; // the high-water mark (VmHWM on Linux), not the size at the end
        }
        return result;
    }

    private static void Record(EvaluationResult result, in TelemetryEvent e, in RiskAssessment a, in Decision d)
    {
        bool challenged = d.WouldBe != DecisionOutcome.Permit;
        bool denied = d.WouldBe == DecisionOutcome.Deny;
        var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(e.TimestampMs).UtcDateTime);
        if (!result.Days.TryGetValue(day, out var perDay))
        {
            result.Days[day] = perDay = (new ChallengeCounts(), new ChallengeCounts());
        }

        string segment = d.Segment ?? "(no segment)";
        if (!result.SegmentDays.TryGetValue((segment, day), out var outcomes))
        {
            result.SegmentDays[(segment, day)] = outcomes = new long[4];
        }

        outcomes[(int)d.WouldBe]++;

        if (e.AttackType is null)
        {
            if (challenged)
            {
                result.FalseChallenges.Add(a.FactorCount > 0 ? a.Factor(0).CodeText : null, e.SubjectId ?? "(none)");
            }

            result.LegitimateAccess.Add(challenged, denied);
            if (e.Kind == EventKind.SignIn)
            {
                result.LegitimateSignIns.Add(challenged, denied);
                perDay.Legitimate.Add(challenged, denied);
            }
        }
        else
        {
            result.Attacks.Add(challenged, denied);
            perDay.Attacks.Add(challenged, denied);
            if (!result.AttacksByType.TryGetValue(e.AttackType, out var byType))
            {
                result.AttacksByType[e.AttackType] = byType = new ChallengeCounts();
            }

            byType.Add(challenged, denied);
            if (!challenged && byType.Events - byType.Challenged <= EvaluationResult.MaxMissedPerType)
            {
                var reasons = new string[a.FactorCount];
                for (int i = 0; i < reasons.Length; i++)
                {
                    reasons[i] = a.Factor(i).CodeText + ": " + a.Factor(i).Describe();
                }

                result.MissedAttacks.Add(new MissedAttack(e.TimestampMs, e.SubjectId ?? "(none)", e.AttackType, e.AttackId, a.Score, reasons));
            }
            string id = e.AttackId ?? e.AttackType;
            if (!result.Campaigns.TryGetValue(id, out var campaign))
            {
                result.Campaigns[id] = campaign = new CampaignOutcome(id, e.AttackType, e.TimestampMs);
            }

            campaign.Events++;
            if (challenged)
            {
                campaign.Challenged++;
                if (campaign.FirstCaughtMs == 0)
                {
                    campaign.FirstCaughtMs = e.TimestampMs;
                }
            }
        }

        for (int i = 0; i < a.FactorCount; i++)
        {
            var f = a.Factor(i);
            string code = f.CodeText;
            if (!result.Detectors.TryGetValue(code, out var usage))
            {
                result.Detectors[code] = usage = new DetectorUsage(code);
            }

            if (e.AttackType is null)
            {
                usage.BenignHits++;
                usage.BenignContribution += f.Contribution;
            }
            else
            {
                usage.AttackHits++;
                usage.AttackContribution += f.Contribution;
                usage.HitsByType[e.AttackType] = usage.HitsByType.GetValueOrDefault(e.AttackType) + 1;
            }
        }
    }
}
