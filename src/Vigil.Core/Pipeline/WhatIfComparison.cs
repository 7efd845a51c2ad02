using Vigil.Core.Decisions;

namespace Vigil.Core.Pipeline;

/// <summary>
/// Compares the decisions of a draft policy with a baseline over the same replayed events (same engine, same
/// scores): outcome transitions, per-segment counts, the identities most affected, examples, and where ground truth
/// labels exist, the challenge rate of legitimate traffic and the catch rate of attacks under each policy.
/// </summary>
public sealed class WhatIfComparison
{
    private const int MaxExamples = 10;
    private readonly long[,] _transitions = new long[4, 4];
    private readonly Dictionary<string, long[]> _draftBySegment = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _baselineBySegment = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _changesByIdentity = new(StringComparer.Ordinal);
    private readonly List<WhatIfExample> _examples = [];

    /// <summary>Decisions compared.</summary>
    public long Decisions { get; private set; }

    /// <summary>Decisions whose would-be outcome differs.</summary>
    public long Changed { get; private set; }

    /// <summary>Legitimate events (no attack label) and how many each policy challenged (step-up, limit or deny).</summary>
    public LabelledCounts Legitimate { get; } = new();

    /// <summary>Attack events and how many each policy challenged.</summary>
    public LabelledCounts Attacks { get; } = new();

    /// <summary>Whether any event carried ground-truth labels.</summary>
    public bool HasLabels => Attacks.Events > 0;

    /// <summary>Records one event's two decisions.</summary>
    public void Add(in ScoredEvent scored, in Decision baseline)
    {
        if (!scored.Event.IsAccessAttempt && scored.Event.Kind != Telemetry.EventKind.Mfa)
        {
            return;
        }

        var draft = scored.Decision;
        Decisions++;
        _transitions[(int)baseline.WouldBe, (int)draft.WouldBe]++;
        Count(_draftBySegment, draft.Segment ?? "(no segment)", draft.WouldBe);
        Count(_baselineBySegment, baseline.Segment ?? "(no segment)", baseline.WouldBe);
        var labelled = scored.Event.AttackType is null ? Legitimate : Attacks;
        labelled.Add(baseline.WouldBe != DecisionOutcome.Permit, draft.WouldBe != DecisionOutcome.Permit);
        if (baseline.WouldBe == draft.WouldBe)
        {
            return;
        }

        Changed++;
        _changesByIdentity[scored.Event.SubjectId] = _changesByIdentity.GetValueOrDefault(scored.Event.SubjectId) + 1;
        if (_examples.Count < MaxExamples)
        {
            _examples.Add(new WhatIfExample(scored.Event.Id, scored.Event.SubjectId, scored.Event.ResourceId, scored.Assessment.Score,
                baseline.WouldBe, draft.WouldBe, draft.Segment, draft.Rule, draft.Reason, scored.Event.AttackType));
        }
    }

    /// <summary>How many decisions went from <paramref name="from"/> (baseline) to <paramref name="to"/> (draft).</summary>
    public long Transition(DecisionOutcome from, DecisionOutcome to) => _transitions[(int)from, (int)to];

    /// <summary>Would-be outcomes per segment: draft (true) or baseline (false).</summary>
    public IReadOnlyDictionary<string, long[]> BySegment(bool draft) => draft ? _draftBySegment : _baselineBySegment;

    /// <summary>The identities with the most changed decisions.</summary>
    public IReadOnlyList<(string Identity, long Changes)> MostAffected(int count) =>
        [.. _changesByIdentity.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(count).Select(p => (p.Key, p.Value))];

    /// <summary>The first changed decisions.</summary>
    public IReadOnlyList<WhatIfExample> Examples => _examples;

    private static void Count(Dictionary<string, long[]> table, string segment, DecisionOutcome outcome)
    {
        if (!table.TryGetValue(segment, out var counts))
        {
            table[segment] = counts = new long[4];
        }

        counts[(int)outcome]++;
    }
}

/// <summary>Events of one label class and how many each policy challenged.</summary>
public sealed class LabelledCounts
{
    /// <summary>Events.</summary>
    public long Events { get; private set; }

    /// <summary>Challenged by the baseline.</summary>
    public long BaselineChallenged { get; private set; }

    /// <summary>Challenged by the draft.</summary>
    public long DraftChallenged { get; private set; }

    internal void Add(bool baseline, bool draft)
    {
        Events++;
        BaselineChallenged += baseline ? 1 : 0;
        DraftChallenged += draft ? 1 : 0;
    }
}

/// <summary>One decision the draft changes.</summary>
public sealed record WhatIfExample(string? EventId, string Subject, string? Resource, int Risk, DecisionOutcome Baseline, DecisionOutcome Draft,
    string? Segment, string? Rule, PolicyReason Reason, string? AttackType);
