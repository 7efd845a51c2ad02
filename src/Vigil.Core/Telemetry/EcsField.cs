namespace Vigil.Core.Telemetry;

/// <summary>The ECS fields Vigil reads. Everything else in an event is ignored.</summary>
internal enum EcsField : byte
{
    Timestamp, EventCreated, EventId, Category, Type, Action, Outcome,
    UserId, UserName, UserEmail, UserRoles, UserGroup,
    IdentityKind, Department, PeerGroup, Tenant, OnBehalfOf,
    SourceIp, AsNumber, AsOrganization, Country, City, Latitude, Longitude, Location,
    UserAgent, UserAgentName, UserAgentVersion, OsName, DeviceName,
    DeviceId, DeviceCompliant, DeviceManaged,
    SessionId, TokenId, AuthMethod, MfaMethod, MfaResult, FailureReason,
    ResourceId, ServiceName, UrlDomain, UrlPath, FilePath, FileSize, HttpMethod, ResourceAction, Sensitivity,
    BytesOut, BytesIn, Privilege, AttackType, AttackId, ResourceType, Acr,
    DestinationDomain, DestinationAddress, HostName, LogonType,
    AgentTask, ToolName, ToolArguments, Message, CommandLine,
}
