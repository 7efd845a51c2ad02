using Vigil.Cel;

namespace Vigil.Core.Policies;

/// <summary>
/// The variables a policy condition may use, declared as qualified names so the checker rejects an unknown field when
/// the policy is saved, and so evaluation reads each value straight from the request without building objects.
/// The list is in docs/policies.md.
/// </summary>
internal sealed class PolicyVariables
{
    private static readonly CelType StringList = CelType.List(CelType.String);
    private static readonly CelType Properties = CelType.Map(CelType.String, CelType.Dyn);

    public PolicyVariables(CelOptions options)
    {
        Environment = new CelEnvironment(options);
        SubjectId = Environment.Declare("subject.id", CelType.String);
        SubjectType = Environment.Declare("subject.type", CelType.String);
        SubjectRoles = Environment.Declare("subject.roles", StringList);
        SubjectGroups = Environment.Declare("subject.groups", StringList);
        SubjectDepartment = Environment.Declare("subject.department", CelType.String);
        SubjectManager = Environment.Declare("subject.manager", CelType.String);
        SubjectProperties = Environment.Declare("subject.properties", Properties);
        ResourceId = Environment.Declare("resource.id", CelType.String);
        ResourceType = Environment.Declare("resource.type", CelType.String);
        ResourceSegment = Environment.Declare("resource.segment", CelType.String);
        ResourceSensitivity = Environment.Declare("resource.sensitivity", CelType.String);
        ResourceProperties = Environment.Declare("resource.properties", Properties);
        ActionName = Environment.Declare("action.name", CelType.String);
        ActionProperties = Environment.Declare("action.properties", Properties);
        Context = Environment.Declare("context", Properties);
        RiskScore = Environment.Declare("risk.score", CelType.Int);
        RiskLevel = Environment.Declare("risk.level", CelType.String);
        RiskIdentity = Environment.Declare("risk.identity", CelType.Int);
        RiskReasons = Environment.Declare("risk.reasons", StringList);
        DeviceId = Environment.Declare("device.id", CelType.String);
        DeviceKnown = Environment.Declare("device.known", CelType.Bool);
        DeviceCompliant = Environment.Declare("device.compliant", CelType.Bool);
        DeviceManaged = Environment.Declare("device.managed", CelType.Bool);
        RequestTime = Environment.Declare("request.time", CelType.Timestamp);
        RequestIp = Environment.Declare("request.ip", CelType.String);
        RequestCountry = Environment.Declare("request.country", CelType.String);
    }

    public CelEnvironment Environment { get; }

    public int SubjectId { get; }
    public int SubjectType { get; }
    public int SubjectRoles { get; }
    public int SubjectGroups { get; }
    public int SubjectDepartment { get; }
    public int SubjectManager { get; }
    public int SubjectProperties { get; }
    public int ResourceId { get; }
    public int ResourceType { get; }
    public int ResourceSegment { get; }
    public int ResourceSensitivity { get; }
    public int ResourceProperties { get; }
    public int ActionName { get; }
    public int ActionProperties { get; }
    public int Context { get; }
    public int RiskScore { get; }
    public int RiskLevel { get; }
    public int RiskIdentity { get; }
    public int RiskReasons { get; }
    public int DeviceId { get; }
    public int DeviceKnown { get; }
    public int DeviceCompliant { get; }
    public int DeviceManaged { get; }
    public int RequestTime { get; }
    public int RequestIp { get; }
    public int RequestCountry { get; }
}
