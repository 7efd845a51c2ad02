using System.Collections.Frozen;
using Vigil.Cel;
using Vigil.Core.Decisions;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Policies;

/// <summary>A segment ready to match and decide: id patterns split into exact ids and globs, rules indexed by action.</summary>
internal sealed class CompiledSegment
{
    private readonly FrozenSet<string> _types;
    private readonly FrozenSet<string> _exactIds;
    private readonly FrozenSet<string> _sensitivities;
    private readonly string[] _patterns;
    private readonly bool _matchesAnyId;
    private readonly FrozenDictionary<string, CompiledRule[]> _rulesByAction;
    private readonly CompiledRule[] _anyActionRules;

    public CompiledSegment(SegmentDefinition definition, RolloutMode mode, UpstreamCombining upstream, IReadOnlyList<CompiledRule> rules)
    {
        Definition = definition;
        Mode = mode;
        Upstream = upstream;
        Bands = definition.Bands ?? RiskBands.For(definition.Sensitivity);
        _types = definition.Match.Types.ToFrozenSet(StringComparer.Ordinal);
        _exactIds = definition.Match.Ids.Where(IdPattern.IsLiteral).ToFrozenSet(StringComparer.Ordinal);
        _sensitivities = definition.Match.Sensitivities.ToFrozenSet(StringComparer.Ordinal);
        _patterns = [.. definition.Match.Ids.Where(p => !IdPattern.IsLiteral(p))];
        _matchesAnyId = definition.Match.Ids.Count == 0;
        UsesProperties = definition.Match.Properties.Count > 0;
        _anyActionRules = [.. rules.Where(r => r.Definition.Actions.Contains("*"))];
        _rulesByAction = rules.SelectMany(r => r.Definition.Actions.Where(a => a != "*").Select(a => (Action: a, Rule: r)))
            .GroupBy(p => p.Action, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Rule).Concat(_anyActionRules).ToArray(), StringComparer.Ordinal);
        Rules = rules;
    }

    public SegmentDefinition Definition { get; }

    public RolloutMode Mode { get; }

    /// <summary>How decisions here combine with an upstream PDP (the segment's <c>upstream:</c>, else the document's).</summary>
    public UpstreamCombining Upstream { get; }

    public RiskBands Bands { get; }

    public IReadOnlyList<CompiledRule> Rules { get; }

    /// <summary>True when matching depends on resource properties (then a resource's segment cannot be cached by id).</summary>
    public bool UsesProperties { get; }

    public CompiledRule[] RulesFor(string action) => _rulesByAction.TryGetValue(action, out var rules) ? rules : _anyActionRules;

    public bool Matches(string id, string type, Sensitivity sensitivity, CompiledAttributes? data, RequestAttributes? request)
    {
        if (_sensitivities.Count > 0 && !_sensitivities.Contains(sensitivity == Sensitivity.Unspecified ? "unspecified" : PolicyActivation.SensitivityName(sensitivity)))
        {
            return false;
        }

        if (_types.Count > 0 && !_types.Contains(type))
        {
            return false;
        }

        if (!_matchesAnyId && !_exactIds.Contains(id) && !MatchesPattern(id))
        {
            return false;
        }

        foreach (var (key, expected) in Definition.Match.Properties)
        {
            if (!string.Equals(Property(key, data, request), expected, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string? Property(string key, CompiledAttributes? data, RequestAttributes? request)
    {
        if (data is not null && data.PropertyValues.TryGetValue(key, out var value) && value.Kind == CelKind.String)
        {
            return value.AsString;
        }

        return request?.ResourceProperties is { } props && props.TryGetValue(key, out value) && value.Kind == CelKind.String ? value.AsString : null;
    }

    private bool MatchesPattern(string id)
    {
        foreach (string pattern in _patterns)
        {
            if (IdPattern.Matches(pattern, id))
            {
                return true;
            }
        }

        return false;
    }
}
