using System.Collections.Concurrent;
using Vigil.Cel;
using Vigil.Core.Decisions;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Policies;

/// <summary>
/// A validated, compiled policy document: the decision step. Least privilege (what no rule grants is denied), deny
/// rules override permits, a condition that errors never grants, then device and authentication requirements, then the
/// segment's risk bands, then the segment's rollout mode. Thread-safe; produce one with <see cref="PolicyCompiler"/>.
/// </summary>
public sealed class CompiledPolicy : IDecisionPolicy
{
    private const int SegmentCacheLimit = 100_000;
    private readonly CompiledSegment[] _segments;
    private readonly bool _anySegmentUsesProperties;
    private readonly EntityIndex _subjects;
    private readonly EntityIndex _resources;
    private readonly ConcurrentDictionary<(string Id, string Type, Sensitivity Sensitivity), int> _segmentCache = new();
    private readonly PolicyVariables _variables;

    // One activation per thread, reused across requests; rebuilt when a thread meets a newly compiled policy.
    [ThreadStatic]
    private static PolicyActivation? t_activation;

    internal CompiledPolicy(PolicyDocument document, PolicyData data, CompiledSegment[] segments, PolicyVariables variables)
    {
        Document = document;
        Data = data;
        _segments = segments;
        _anySegmentUsesProperties = segments.Any(s => s.UsesProperties);
        _subjects = new EntityIndex(data.Subjects.Select(p => KeyValuePair.Create(p.Key, CompiledAttributes.From(p.Value))));
        _resources = new EntityIndex(data.Resources.Select(p => KeyValuePair.Create(p.Key, CompiledAttributes.From(p.Value))));
        _variables = variables;
    }

    /// <summary>The document this was compiled from.</summary>
    public PolicyDocument Document { get; }

    /// <summary>The policy data in force (document data merged with data files).</summary>
    public PolicyData Data { get; }

    /// <summary>The document's version label.</summary>
    public string Version => Document.Version;

    /// <inheritdoc />
    public Decision Decide(in TelemetryEvent request, in RiskAssessment assessment)
    {
        if (!request.IsAccessAttempt && request.Kind != EventKind.Mfa)
        {
            // No rule grants what is not an access (issue 11, defect 1: this path answered permit, and a caller that
            // chose a sign-out kind bypassed the policy). The service never asks it; replays of sign-outs see a deny.
            return Final(DecisionOutcome.Deny, Document.DefaultMode, PolicyReason.NotAnAccess, null, null);
        }

        bool signingIn = request.Kind is EventKind.SignIn or EventKind.Mfa;
        string resourceId = request.ResourceId ?? (signingIn ? "sign-in" : "");
        var resource = _resources.Find(request.ResourceType, resourceId); // ids are scoped to their type (AuthZEN 1.0)
        string resourceType = resource?.Type ?? request.ResourceType ?? (signingIn ? "sign-in" : "");
        // Policy data wins over the request (issue 11, defect 11): a caller that calls a restricted resource public
        // must not be judged by the public segment's rules.
        var sensitivity = resource?.Sensitivity ?? request.Sensitivity;
        int index = FindSegment(resourceId, resourceType, sensitivity, resource, request.Attributes);
        if (index < 0)
        {
            return Final(DecisionOutcome.Deny, Document.DefaultMode, PolicyReason.NoSegment, null, null);
        }

        var segment = _segments[index];
        string action = request.ResourceAction ?? request.Kind switch { EventKind.SignIn => "sign-in", EventKind.Mfa => "mfa", _ => "access" };
        if (segment.Upstream == UpstreamCombining.Authoritative)
        {
            // The upstream PDP decides who may do what here; Vigil adds only its risk bands and requirements.
            return Bands(request, assessment, segment, null, action);
        }

        var subject = _subjects.Find(request.SubjectType, request.SubjectId);
        var activation = t_activation;
        if (activation is null || !ReferenceEquals(activation.Variables, _variables))
        {
            t_activation = activation = new PolicyActivation(_variables);
        }

        activation.Bind(request, assessment, subject, resource, segment.Definition.Name, action, resourceType, sensitivity);

        // Rules: deny rules first (an error in a deny rule denies), then the first permit rule that holds.
        CompiledRule? granted = null;
        string? error = null;
        foreach (var rule in segment.RulesFor(action))
        {
            if (rule.Definition.Effect != RuleEffect.Deny || !rule.AppliesTo(request, subject))
            {
                continue;
            }

            // Anything but the bool false denies: true by the rule, an error or a non-bool result (a dyn condition
            // over request data) because the rule could not be shown not to apply (fail closed, issue 11).
            var holds = Evaluate(rule, activation);
            if (holds.IsTrue)
            {
                return Final(DecisionOutcome.Deny, segment.Mode, PolicyReason.DeniedByRule, segment, rule, null);
            }

            if (holds.Kind != CelKind.Bool)
            {
                return Final(DecisionOutcome.Deny, segment.Mode, PolicyReason.ConditionError, segment, rule, ConditionFailure(rule, holds));
            }
        }

        foreach (var rule in segment.RulesFor(action))
        {
            if (rule.Definition.Effect != RuleEffect.Permit || !rule.AppliesTo(request, subject))
            {
                continue;
            }

            var holds = Evaluate(rule, activation);
            if (holds.IsTrue)
            {
                granted = rule;
                break;
            }

            if (holds.Kind != CelKind.Bool)
            {
                error ??= ConditionFailure(rule, holds);
            }
        }

        if (granted is null)
        {
            return Final(DecisionOutcome.Deny, segment.Mode, error is null ? PolicyReason.NoRuleGrants : PolicyReason.ConditionError, segment, null, error);
        }

        return Bands(request, assessment, segment, granted, action);
    }

    private static string ConditionFailure(CompiledRule rule, CelValue result) => result.IsError
        ? $"rule '{rule.Definition.Name}': {result.ErrorMessage}"
        : $"rule '{rule.Definition.Name}': condition evaluated to a {result.Kind.ToString().ToLowerInvariant()}, not a bool";

    private static CelValue Evaluate(CompiledRule rule, PolicyActivation activation) =>
        rule.Condition is null ? CelValue.True : rule.Condition.Evaluate(activation);

    private Decision Bands(in TelemetryEvent request, in RiskAssessment assessment, CompiledSegment segment, CompiledRule? rule, string action)
    {
        var requirements = segment.Definition.Requirements;
        if ((requirements.CompliantDevice && request.DeviceCompliant != true) || (requirements.ManagedDevice && request.DeviceManaged != true))
        {
            return Final(DecisionOutcome.Deny, segment.Mode, PolicyReason.DeviceRequirement, segment, rule);
        }

        var bands = segment.Bands;
        int score = assessment.Score;
        if (score >= bands.DenyAt)
        {
            return Final(DecisionOutcome.Deny, segment.Mode, PolicyReason.RiskDeny, segment, rule);
        }

        if (score >= bands.LimitAt)
        {
            bool allowed = bands.LimitActions.Contains(action, StringComparer.Ordinal);
            return Final(allowed ? DecisionOutcome.Limit : DecisionOutcome.Deny, segment.Mode, PolicyReason.RiskLimit, segment, rule) with { LimitActions = bands.LimitActions };
        }

        bool strongEnough = requirements.AuthenticationStrength switch
        {
            "phr" => request.Acr == "phr",
            "mfa" => request.Acr is "mfa" or "phr",
            _ => true,
        };
        if (score >= bands.StepUpAt || !strongEnough)
        {
            // The stronger of what risk asks and what the segment requires.
            string acr = !strongEnough && requirements.AuthenticationStrength == "phr" ? "phr" : score >= bands.StepUpAt ? bands.AcrValues : requirements.AuthenticationStrength!;
            var reason = score >= bands.StepUpAt ? PolicyReason.RiskStepUp : PolicyReason.AuthenticationRequirement;
            var decision = Final(DecisionOutcome.StepUp, segment.Mode, reason, segment, rule);
            return decision with { AcrValues = acr, MaxAgeSeconds = bands.MaxAgeSeconds };
        }

        return Final(DecisionOutcome.Permit, segment.Mode, PolicyReason.Granted, segment, rule);
    }

    private Decision Final(DecisionOutcome wouldBe, RolloutMode mode, PolicyReason reason, CompiledSegment? segment, CompiledRule? rule, string? error = null) =>
        new(mode == RolloutMode.Enforce ? wouldBe : DecisionOutcome.Permit, wouldBe, mode)
        {
            Reason = reason,
            Segment = segment?.Definition.Name,
            Rule = rule?.Definition.Name,
            PolicyVersion = Version,
            Error = error,
            Upstream = segment?.Upstream ?? Document.DefaultUpstream,
        };

    private int FindSegment(string id, string type, Sensitivity sensitivity, CompiledAttributes? resource, RequestAttributes? attributes)
    {
        bool cacheable = !_anySegmentUsesProperties || attributes?.ResourceProperties is null; // sensitivity is part of the key
        if (cacheable && _segmentCache.TryGetValue((id, type, sensitivity), out int cached))
        {
            return cached;
        }

        int found = -1;
        for (int i = 0; i < _segments.Length; i++)
        {
            if (_segments[i].Matches(id, type, sensitivity, resource, attributes))
            {
                found = i;
                break;
            }
        }

        if (cacheable)
        {
            if (_segmentCache.Count >= SegmentCacheLimit)
            {
                _segmentCache.Clear(); // hostile id churn must not grow memory
            }

            _segmentCache[(id, type, sensitivity)] = found;
        }

        return found;
    }
}
