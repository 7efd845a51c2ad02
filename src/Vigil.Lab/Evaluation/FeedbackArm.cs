using Vigil.Core.Decisions;
using Vigil.Core.Engine;
using Vigil.Core.Feedback;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Lab.Evaluation;

/// <summary>
/// One engine of the feedback replay with its analyst (<see cref="FeedbackMode"/>) and what it measured, day by day.
/// The analyst acts through <see cref="VigilEngine.ApplyFeedback"/> with the alert's pattern: the very call the
/// service's alert actions make (src/Vigil.Server/Alerts/AlertActions.cs), so the replay measures the product's learning.
/// </summary>
public sealed class FeedbackArm
{
    private readonly PriorityQueue<FeedbackAlert, (int Score, long Later)> _queue = new();
    private readonly List<(string Identity, string? Tenant)> _remediate = [];
    private readonly HashSet<string> _confirmedSafe = new(StringComparer.Ordinal);
    private readonly HashSet<string> _underCompromise = new(StringComparer.Ordinal);
    private readonly int _budget;
    private readonly int _alertLevel;

    internal FeedbackArm(string name, FeedbackMode mode, bool probation, int budget, int alertLevel, int seed)
    {
        Name = name;
        Mode = mode;
        Probation = probation;
        _budget = budget;
        _alertLevel = alertLevel;
        Engine = new VigilEngine(new VigilEngineOptions { Seed = seed, Probation = probation });
    }

    /// <summary>The arm's name in reports.</summary>
    public string Name { get; }

    /// <summary>What its analyst does.</summary>
    public FeedbackMode Mode { get; }

    /// <summary>Whether new networks wait on probation (the engine's default) in this arm.</summary>
    public bool Probation { get; }

    /// <summary>Its days, the first day of the stream first.</summary>
    public List<FeedbackDay> Days { get; } = [];

    /// <summary>Its scored attack events.</summary>
    public List<FeedbackAttackEvent> Attacks { get; } = [];

    /// <summary>Benign alerts confirmed safe (or dismissed, in the control) over the whole stream.</summary>
    public long BenignActed { get; private set; }

    /// <summary>Attack alerts confirmed compromised over the whole stream.</summary>
    public long AttacksConfirmed { get; private set; }

    /// <summary>Confirm-safe features learned: for the identity, and made normal for peer groups (the group rule).</summary>
    public (long Identity, long Group) PatternsLearned { get; private set; }

    internal VigilEngine Engine { get; }

    internal FeedbackDay Day(int index)
    {
        while (Days.Count <= index)
        {
            Days.Add(new FeedbackDay());
        }

        return Days[index];
    }

    /// <summary>Scores one event before learning it (Observe scores, then learns), records it, and queues it as an alert when it is one.</summary>
    internal void Observe(in TelemetryEvent e, IDecisionPolicy policy, int dayIndex, long sequence)
    {
        var a = Engine.Observe(e);
        var day = Day(dayIndex);
        bool attack = e.AttackType is not null;
        if (Mode != FeedbackMode.None && a.Score >= _alertLevel && !string.IsNullOrEmpty(e.SubjectId))
        {
            // As the service's AlertWriter: every ingested event of an identity at or above the alert level.
            day.Alerts++;
            day.BenignAlerts += attack ? 0 : 1;
            Queue(e, a.Score, sequence, attack);
        }

        if (!e.IsAccessAttempt && e.Kind != EventKind.Mfa)
        {
            return;
        }

        var d = policy.Decide(e, a);
        bool challenged = d.WouldBe != DecisionOutcome.Permit;
        if (attack)
        {
            Attacks.Add(new FeedbackAttackEvent(dayIndex, e.AttackType!, a.Probability, challenged));
            return;
        }

        day.BenignBins[ScoreHistogram.BinOf(a.Probability)]++;
        if (_underCompromise.Contains(e.SubjectId))
        {
            day.UnderCompromiseBins[ScoreHistogram.BinOf(a.Probability)]++;
        }

        day.Legitimate.Add(challenged, d.WouldBe == DecisionOutcome.Deny);
        if (e.Kind == EventKind.SignIn)
        {
            day.LegitimateSignIns.Add(challenged, d.WouldBe == DecisionOutcome.Deny);
        }

        if (challenged)
        {
            string reason = a.FactorCount > 0 ? a.Factor(0).CodeText : "(none)";
            day.FalseChallengeReasons[reason] = day.FalseChallengeReasons.GetValueOrDefault(reason) + 1;
            if (_confirmedSafe.Contains(e.SubjectId))
            {
                day.RecurringReasons[reason] = day.RecurringReasons.GetValueOrDefault(reason) + 1;
            }
        }
    }

    private void Queue(in TelemetryEvent e, int score, long sequence, bool attack)
    {
        var priority = (score, -sequence); // the lowest score leaves first; among equals the latest
        if (_queue.Count >= _budget && _queue.TryPeek(out _, out var worst) && priority.CompareTo(worst) <= 0)
        {
            return; // not among the day's N highest: the analyst never gets to it
        }

        var pattern = new ulong[VigilEngine.PatternLength];
        VigilEngine.PatternOf(e, pattern);
        var alert = new FeedbackAlert(score, sequence, e.SubjectId, e.Tenant, e.Id, e.TimestampMs, pattern, attack, e.Outcome == EventOutcome.Failure);
        if (_queue.Count >= _budget)
        {
            _queue.DequeueEnqueue(alert, priority);
        }
        else
        {
            _queue.Enqueue(alert, priority);
        }
    }

    /// <summary>The analyst's end of day: the day's N highest-scored alerts, highest first, each acted on with its label.</summary>
    internal void Act(int dayIndex, long nowMs)
    {
        var taken = new List<FeedbackAlert>(_queue.Count);
        while (_queue.TryDequeue(out var alert, out _))
        {
            taken.Add(alert);
        }

        taken.Reverse();
        var day = Day(dayIndex);
        foreach (var (identity, tenant) in _remediate)
        {
            // Yesterday's confirmed compromises were remediated (a password reset), so their risk is dismissed, unlearned,
            // as Entra's "dismiss user risk": without it every later benign event of the identity would be challenged.
            Engine.ApplyFeedback(identity, FeedbackKind.Dismiss, nowMs, tenant);
            _underCompromise.Remove(identity);
        }

        _remediate.Clear();
        foreach (var alert in taken)
        {
            if (alert.IsAttack && alert.Failed)
            {
                // A failed attempt on the account (spray, stuffing, brute force): the attack is real but the account was not
                // entered, so there is nothing to confirm compromised; the analyst's time is spent all the same.
                day.AttacksFailedSeen++;
                continue;
            }

            var kind = alert.IsAttack ? FeedbackKind.ConfirmCompromised : Mode == FeedbackMode.Learn ? FeedbackKind.ConfirmSafe : FeedbackKind.Dismiss;
            var result = Engine.ApplyFeedback(alert.Identity, kind, nowMs, alert.Tenant, alert.EventId,
                kind == FeedbackKind.ConfirmSafe ? alert.Pattern : null, alert.TimeMs);
            if (alert.IsAttack)
            {
                _remediate.Add((alert.Identity, alert.Tenant));
                _underCompromise.Add(alert.Identity);
                day.AttacksConfirmed++;
                AttacksConfirmed++;
            }
            else
            {
                day.BenignActed++;
                _confirmedSafe.Add(alert.Identity);
                BenignActed++;
                PatternsLearned = (PatternsLearned.Identity + result.PatternsLearned, PatternsLearned.Group + result.GroupPatternsLearned);
            }
        }
    }

    /// <summary>Benign events of days <paramref name="from"/> on at or above each probability bin (suffix sums over <see cref="FeedbackDay.BenignBins"/>).</summary>
    internal long[] BenignAtOrAbove(int from, bool underCompromiseOnly = false)
    {
        var atOrAbove = new long[ScoreHistogram.Bins + 1];
        for (int d = from; d < Days.Count; d++)
        {
            var bins = underCompromiseOnly ? Days[d].UnderCompromiseBins : Days[d].BenignBins;
            for (int b = 0; b < bins.Length; b++)
            {
                atOrAbove[b] += bins[b];
            }
        }

        for (int b = ScoreHistogram.Bins - 1; b >= 0; b--)
        {
            atOrAbove[b] += atOrAbove[b + 1];
        }

        return atOrAbove;
    }
}
