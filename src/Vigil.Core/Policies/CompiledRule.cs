using System.Collections.Frozen;
using Vigil.Cel;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Policies;

/// <summary>A rule ready to evaluate: subject sets frozen, condition compiled.</summary>
internal sealed class CompiledRule(RuleDefinition definition, CelProgram? condition)
{
    private readonly FrozenSet<string> _ids = definition.Subjects.Ids.ToFrozenSet(StringComparer.Ordinal);
    private readonly FrozenSet<string> _roles = definition.Subjects.Roles.ToFrozenSet(StringComparer.Ordinal);
    private readonly FrozenSet<string> _groups = definition.Subjects.Groups.ToFrozenSet(StringComparer.Ordinal);
    private readonly FrozenSet<string> _departments = definition.Subjects.Departments.ToFrozenSet(StringComparer.Ordinal);
    private readonly FrozenSet<string> _kinds = definition.Subjects.Kinds.ToFrozenSet(StringComparer.Ordinal);

    public RuleDefinition Definition { get; } = definition;

    public CelProgram? Condition { get; } = condition;

    public bool AppliesTo(in TelemetryEvent request, CompiledAttributes? subject)
    {
        if (_ids.Count > 0 && !_ids.Contains(request.SubjectId))
        {
            return false;
        }

        if (_kinds.Count > 0 && !_kinds.Contains(PolicyActivation.KindName(request.IdentityKind)))
        {
            return false;
        }

        if (_departments.Count > 0 && !_departments.Contains(subject?.Department ?? request.Department ?? ""))
        {
            return false;
        }

        if (_roles.Count > 0 && !AnyIn(_roles, subject is { Roles.Count: > 0 } ? subject.Roles : request.Roles))
        {
            return false;
        }

        return _groups.Count == 0 || AnyIn(_groups, subject is { Groups.Count: > 0 } ? subject.Groups : request.Group is null ? null : [request.Group]);
    }

    private static bool AnyIn(FrozenSet<string> wanted, IReadOnlyList<string>? held)
    {
        if (held is null)
        {
            return false;
        }

        for (int i = 0; i < held.Count; i++)
        {
            if (wanted.Contains(held[i]))
            {
                return true;
            }
        }

        return false;
    }
}
