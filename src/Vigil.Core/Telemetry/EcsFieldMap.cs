using System.Collections.Frozen;

namespace Vigil.Core.Telemetry;

/// <summary>
/// Dotted ECS paths (and the common aliases identity providers use) to the fields Vigil reads.
/// Nested and dotted keys are the same path: <c>{"event":{"action":..}}</c> and <c>{"event.action":..}</c>.
/// </summary>
internal static class EcsFieldMap
{
    public static readonly FrozenDictionary<string, EcsField> Paths = new Dictionary<string, EcsField>(StringComparer.Ordinal)
    {
        ["@timestamp"] = EcsField.Timestamp,
        ["event.created"] = EcsField.EventCreated,
        ["event.id"] = EcsField.EventId,
        ["event.category"] = EcsField.Category,
        ["event.type"] = EcsField.Type,
        ["event.action"] = EcsField.Action,
        ["event.outcome"] = EcsField.Outcome,
        ["user.id"] = EcsField.UserId,
        ["user.name"] = EcsField.UserName,
        ["user.email"] = EcsField.UserEmail,
        ["user.roles"] = EcsField.UserRoles,
        ["user.group.name"] = EcsField.UserGroup,
        ["labels.identity_kind"] = EcsField.IdentityKind,
        ["labels.department"] = EcsField.Department,
        ["labels.peer_group"] = EcsField.PeerGroup,
        ["labels.tenant"] = EcsField.Tenant,
        ["organization.id"] = EcsField.Tenant,
        ["labels.on_behalf_of"] = EcsField.OnBehalfOf,
        ["source.ip"] = EcsField.SourceIp,
        ["client.ip"] = EcsField.SourceIp,
        ["source.address"] = EcsField.SourceIp,
        ["source.as.number"] = EcsField.AsNumber,
        ["source.as.organization.name"] = EcsField.AsOrganization,
        ["source.geo.country_iso_code"] = EcsField.Country,
        ["source.geo.city_name"] = EcsField.City,
        ["source.geo.location.lat"] = EcsField.Latitude,
        ["source.geo.location.lon"] = EcsField.Longitude,
        ["source.geo.location"] = EcsField.Location,
        ["user_agent.original"] = EcsField.UserAgent,
        ["user_agent.name"] = EcsField.UserAgentName,
        ["user_agent.version"] = EcsField.UserAgentVersion,
        ["user_agent.os.name"] = EcsField.OsName,
        ["user_agent.device.name"] = EcsField.DeviceName,
        ["device.id"] = EcsField.DeviceId,
        ["host.id"] = EcsField.DeviceId,
        ["labels.device_compliant"] = EcsField.DeviceCompliant,
        ["labels.device_managed"] = EcsField.DeviceManaged,
        ["labels.session_id"] = EcsField.SessionId,
        ["session.id"] = EcsField.SessionId,
        ["labels.token_id"] = EcsField.TokenId,
        ["labels.auth_method"] = EcsField.AuthMethod,
        ["labels.mfa_method"] = EcsField.MfaMethod,
        ["labels.mfa_result"] = EcsField.MfaResult,
        ["labels.failure_reason"] = EcsField.FailureReason,
        ["event.reason"] = EcsField.FailureReason,
        ["labels.resource_id"] = EcsField.ResourceId,
        ["service.name"] = EcsField.ServiceName,
        ["url.domain"] = EcsField.UrlDomain,
        ["url.path"] = EcsField.UrlPath,
        ["file.path"] = EcsField.FilePath,
        ["file.size"] = EcsField.FileSize,
        ["http.request.method"] = EcsField.HttpMethod,
        ["labels.resource_action"] = EcsField.ResourceAction,
        ["labels.resource_sensitivity"] = EcsField.Sensitivity,
        ["destination.bytes"] = EcsField.BytesOut,
        ["destination.domain"] = EcsField.DestinationDomain,
        ["destination.address"] = EcsField.DestinationAddress,
        ["destination.ip"] = EcsField.DestinationAddress,
        ["host.name"] = EcsField.HostName,
        ["winlog.logon.type"] = EcsField.LogonType,
        ["labels.logon_type"] = EcsField.LogonType,
        ["source.bytes"] = EcsField.BytesIn,
        ["labels.privilege"] = EcsField.Privilege,
        ["labels.resource_type"] = EcsField.ResourceType,
        ["labels.acr"] = EcsField.Acr,
        // The language family's free text (docs/language.md): OpenTelemetry GenAI semantic conventions for agents.
        ["gen_ai.agent.description"] = EcsField.AgentTask,
        ["labels.agent_task"] = EcsField.AgentTask,
        ["gen_ai.tool.name"] = EcsField.ToolName,
        ["gen_ai.tool.call.arguments"] = EcsField.ToolArguments,
        ["message"] = EcsField.Message,
        ["process.command_line"] = EcsField.CommandLine,
        ["labels.attack_type"] = EcsField.AttackType,
        ["labels.attack_id"] = EcsField.AttackId,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly FrozenDictionary<string, EcsField>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Paths.GetAlternateLookup<ReadOnlySpan<char>>();
}
