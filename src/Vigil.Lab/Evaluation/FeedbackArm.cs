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
    // The day's open alerts per identity, in stream order (a tenant's identities apart from another's).
    private readonly Dictionary<(string? Tenant, string Identity), List<FeedbackAlert>> _open = [];
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

    /// <summary>Alerts settled with an identity's top alert (same identity, day and first reason: see <see cref="Act"/>).</summary>
    public long AlertsSettled { get; private set; }

    /// <summary>Identities with a benign alert acted on (confirmed safe, or dismissed in the control).</summary>
    internal IReadOnlyCollection<string> ConfirmedSafeIdentities => _confirmedSafe;

    /// <summary>Confirmed compromises remediated at the legitimate person's next sign-in (the rest at the end of the next day).</summary>
    public long Remediated { get; private set; }

    /// <summary>Impossible-travel alerts confirmed safe whose two networks became a known pair for the identity.</summary>
    public long TravelPairsLearned { get; private set; }

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
            Queue(e, a, sequence, attack);
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
            if (e.Kind == EventKind.SignIn && e.Outcome != EventOutcome.Failure)
            {
                Remediate(e.SubjectId, e.Tenant, e.TimestampMs);
            }
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

    /// <summary>
    /// The legitimate person's first sign-in after a confirmed compromise: it is challenged (VG1902, denied under the
    /// default policy) and counted, and that is when the password is reset with them (the helpdesk, or Entra's secure
    /// password change under a user-risk policy), so the risk is dismissed at once instead of at the end of the next
    /// day, which stays the fallback for a person who does not sign in (docs/evaluation.md).
    /// </summary>
    private void Remediate(string identity, string? tenant, long timeMs)
    {
        Engine.ApplyFeedback(identity, FeedbackKind.Dismiss, timeMs, tenant);
        _underCompromise.Remove(identity);
        _remediate.RemoveAll(r => string.Equals(r.Identity, identity, StringComparison.Ordinal));
        Remediated++;
    }

    private void Queue(in TelemetryEvent e, in RiskAssessment a, long sequence, bool attack)
    {
        var key = (e.Tenant, e.SubjectId!);
        if (!_open.TryGetValue(key, out var alerts))
        {
            alerts = [];
            _open[key] = alerts;
        }

        if (alerts.Count >= MaxAlertsPerIdentityDay)
        {
            return; // a flood on one identity (a spray) is one item of the queue; what it settles is bounded
        }

        var pattern = new ulong[VigilEngine.PatternLength];
        VigilEngine.PatternOf(e, a, pattern);
        var reason = a.FactorCount > 0 ? a.Factor(0).Code : (ReasonCode)0;
        alerts.Add(new FeedbackAlert(a.Score, sequence, e.SubjectId!, e.Tenant, e.Id, e.TimestampMs, pattern, attack, e.Outcome == EventOutcome.Failure, reason));
    }

    /// <summary>
    /// Most alerts of one identity in one day the replay keeps, the first ones (a spray's thousands would otherwise each
    /// hold a pattern until the day's end); the identity's top alert and what it settles are chosen among them.
    /// </summary>
    public const int MaxAlertsPerIdentityDay = 256;

    /// <summary>
    /// The analyst's end of day. The queue is ranked per identity: each identity's highest-scored alert of the day
    /// (ties: earliest), identities by that alert, highest first, and the analyst takes the first N, so N actions reach
    /// N identities instead of N alerts of the same trip or spray. Acting on an identity's top alert settles its other
    /// alerts of the day with the same first reason in the same action (one request can carry many ids): confirmed safe
    /// with the top one, each teaching its own pattern, except an attack, which is never confirmed safe and stays open;
    /// with a confirmed compromise or a dismissal they close without teaching anything.
    /// </summary>
    internal void Act(int dayIndex, long nowMs)
    {
        var ranked = new List<(FeedbackAlert Top, List<FeedbackAlert> All)>(_open.Count);
        foreach (var alerts in _open.Values)
        {
            var top = alerts[0];
            foreach (var alert in alerts)
            {
                if (alert.Score > top.Score)
                {
                    top = alert;
                }
            }

            ranked.Add((top, alerts));
        }

        _open.Clear();
        ranked.Sort(static (x, y) => x.Top.Score != y.Top.Score ? y.Top.Score.CompareTo(x.Top.Score) : x.Top.Sequence.CompareTo(y.Top.Sequence));
        var day = Day(dayIndex);
        foreach (var (identity, tenant) in _remediate)
        {
            // Yesterday's confirmed compromises were remediated (a password reset), so their risk is dismissed, unlearned,
            // as Entra's "dismiss user risk": without it every later benign event of the identity would be challenged.
            Engine.ApplyFeedback(identity, FeedbackKind.Dismiss, nowMs, tenant);
            _underCompromise.Remove(identity);
        }

        _remediate.Clear();
        foreach (var (alert, all) in ranked.Take(_budget))
        {
            if (alert.IsAttack && alert.Failed)
            {
                // A failed attempt on the account (spray, stuffing, brute force): the attack is real but the account was not
                // entered, so there is nothing to confirm compromised; the analyst's time is spent all the same.
                day.AttacksFailedSeen++;
                continue;
            }

            var kind = alert.IsAttack ? FeedbackKind.ConfirmCompromised : Mode == FeedbackMode.Learn ? FeedbackKind.ConfirmSafe : FeedbackKind.Dismiss;
            var result = Confirm(alert, kind, nowMs);
            if (alert.IsAttack)
            {
                _remediate.Add((alert.Identity, alert.Tenant));
                _underCompromise.Add(alert.Identity);
                day.AttacksConfirmed++;
                AttacksConfirmed++;
                continue;
            }

            day.BenignActed++;
            _confirmedSafe.Add(alert.Identity);
            BenignActed++;
            if (kind != FeedbackKind.ConfirmSafe)
            {
                continue;
            }

            foreach (var other in all)
            {
                if (other.Sequence != alert.Sequence && !other.IsAttack && other.Reason == alert.Reason)
                {
                    var settled = Confirm(other, FeedbackKind.ConfirmSafe, nowMs);
                    result = result with
                    {
                        PatternsLearned = result.PatternsLearned + settled.PatternsLearned,
                        GroupPatternsLearned = result.GroupPatternsLearned + settled.GroupPatternsLearned,
                        TravelPairLearned = result.TravelPairLearned || settled.TravelPairLearned,
                    };
                    TravelPairsLearned += settled.TravelPairLearned ? 1 : 0;
                    AlertsSettled++;
                }
            }

            PatternsLearned = (PatternsLearned.Identity + result.PatternsLearned, PatternsLearned.Group + result.GroupPatternsLearned);
        }
    }

    private FeedbackResult Confirm(in FeedbackAlert alert, FeedbackKind kind, long nowMs)
    {
        var result = Engine.ApplyFeedback(alert.Identity, kind, nowMs, alert.Tenant, alert.EventId, kind == FeedbackKind.ConfirmSafe ? alert.Pattern : null, alert.TimeMs);
        TravelPairsLearned += kind == FeedbackKind.ConfirmSafe && result.TravelPairLearned ? 1 : 0;
        return result;
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
