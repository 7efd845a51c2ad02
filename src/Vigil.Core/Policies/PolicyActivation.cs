using Vigil.Cel;
using Vigil.Core.Scoring;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Policies;

/// <summary>
/// The values of one request for policy conditions. Each value is produced only when a condition asks for it, from
/// the request, the risk assessment and precompiled policy data; one instance per thread is reused.
/// </summary>
internal sealed class PolicyActivation(PolicyVariables v) : ICelActivation
{
    private TelemetryEvent _request;

    public PolicyVariables Variables => v;

    private RiskAssessment _assessment;
    private CompiledAttributes? _subject;
    private CompiledAttributes? _resource;
    private string _segment = "";
    private string _action = "";
    private string _resourceType = "";
    private Sensitivity _sensitivity;
    private readonly CelValue[] _memo = new CelValue[MemoSlots];
    private readonly bool[] _known = new bool[MemoSlots];
    private const int MemoSlots = 32; // the declared variables (PolicyVariables); any beyond are resolved every time

    public void Bind(in TelemetryEvent request, in RiskAssessment assessment, CompiledAttributes? subject, CompiledAttributes? resource,
        string segment, string action, string resourceType, Sensitivity sensitivity)
    {
        _sensitivity = sensitivity;
        _request = request;
        _assessment = assessment;
        _subject = subject;
        _resource = resource;
        _segment = segment;
        _action = action;
        _resourceType = resourceType;
        Array.Clear(_known);
    }

    public bool TryResolve(int slot, out CelValue value)
    {
        // Memoised per request: a condition may name a variable several times (the shipped policy reads
        // resource.properties three times), and maps and lists are built when first asked for.
        if ((uint)slot < (uint)_known.Length)
        {
            if (!_known[slot])
            {
                _memo[slot] = Resolve(slot);
                _known[slot] = true;
            }

            value = _memo[slot];
            return true;
        }

        value = Resolve(slot);
        return true;
    }

    private CelValue Resolve(int slot)
    {
        ref readonly var r = ref _request;
        if (slot == v.SubjectId)
        {
            return CelValue.String(r.SubjectId);
        }

        if (slot == v.SubjectType)
        {
            return CelValue.String(KindName(r.IdentityKind));
        }

        if (slot == v.SubjectRoles)
        {
            return _subject is { Roles.Count: > 0 } ? _subject.RolesValue : CompiledAttributes.ListOf(r.Roles);
        }

        if (slot == v.SubjectGroups)
        {
            return _subject is { Groups.Count: > 0 } ? _subject.GroupsValue : CompiledAttributes.ListOf(r.Group is null ? null : [r.Group]);
        }

        if (slot == v.SubjectDepartment)
        {
            return CelValue.String(_subject?.Department ?? r.Department ?? "");
        }

        if (slot == v.SubjectManager)
        {
            return CelValue.String(_subject?.Manager ?? "");
        }

        if (slot == v.SubjectProperties)
        {
            return r.Attributes?.SubjectProperties is null ? _subject?.PropertiesValue ?? CompiledAttributes.EmptyMap
                : CompiledAttributes.Merge(_subject?.PropertyValues, r.Attributes.SubjectProperties);
        }

        if (slot == v.ResourceId)
        {
            return CelValue.String(r.ResourceId ?? "");
        }

        if (slot == v.ResourceType)
        {
            return CelValue.String(_resourceType);
        }

        if (slot == v.ResourceSegment)
        {
            return CelValue.String(_segment);
        }

        if (slot == v.ResourceSensitivity)
        {
            return CelValue.String(SensitivityName(_sensitivity));
        }

        if (slot == v.ResourceProperties)
        {
            return r.Attributes?.ResourceProperties is null ? _resource?.PropertiesValue ?? CompiledAttributes.EmptyMap
                : CompiledAttributes.Merge(_resource?.PropertyValues, r.Attributes.ResourceProperties);
        }

        if (slot == v.ActionName)
        {
            return CelValue.String(_action);
        }

        if (slot == v.ActionProperties)
        {
            return CompiledAttributes.MapOf(r.Attributes?.ActionProperties);
        }

        if (slot == v.Context)
        {
            return r.Attributes?.Context.Kind == CelKind.Map ? r.Attributes.Context : CompiledAttributes.EmptyMap;
        }

        if (slot == v.RiskScore)
        {
            return CelValue.Int(_assessment.Score);
        }

        if (slot == v.RiskLevel)
        {
            return CelValue.String(LevelName(_assessment.Level));
        }

        if (slot == v.RiskIdentity)
        {
            return CelValue.Int((long)Math.Round(_assessment.IdentityRisk * 100));
        }

        if (slot == v.RiskReasons)
        {
            var codes = new CelValue[_assessment.FactorCount];
            for (int i = 0; i < codes.Length; i++)
            {
                codes[i] = CelValue.String(_assessment.Factor(i).CodeText);
            }

            return CelValue.List(new CelList(codes));
        }

        if (slot == v.DeviceId)
        {
            return CelValue.String(r.DeviceId ?? "");
        }

        if (slot == v.DeviceKnown)
        {
            return CelValue.Bool(r.DeviceId is not null);
        }

        if (slot == v.DeviceCompliant)
        {
            return CelValue.Bool(r.DeviceCompliant == true);
        }

        if (slot == v.DeviceManaged)
        {
            return CelValue.Bool(r.DeviceManaged == true);
        }

        if (slot == v.RequestTime)
        {
            return CelValue.Timestamp(DateTimeOffset.FromUnixTimeMilliseconds(r.TimestampMs));
        }

        if (slot == v.RequestIp)
        {
            return CelValue.String(r.SourceIp?.ToString() ?? "");
        }

        if (slot == v.RequestCountry)
        {
            return CelValue.String(r.Country ?? "");
        }

        return CelValue.Null;
    }

    internal static string KindName(IdentityKind kind) => kind switch
    {
        IdentityKind.Workload => "workload",
        IdentityKind.Agent => "agent",
        _ => "human",
    };

    internal static string SensitivityName(Sensitivity s) => s switch
    {
        Sensitivity.Low => "low",
        Sensitivity.High => "high",
        Sensitivity.Critical => "critical",
        _ => "medium",
    };

    private static string LevelName(RiskLevel level) => level switch
    {
        RiskLevel.Low => "low",
        RiskLevel.Medium => "medium",
        RiskLevel.High => "high",
        RiskLevel.Critical => "critical",
        _ => "none",
    };
}
