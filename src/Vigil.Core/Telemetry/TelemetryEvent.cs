using System.Net;
using Vigil.Enrichment.Ip;

namespace Vigil.Core.Telemetry;

/// <summary>
/// One normalised telemetry event, or an access request about to happen (an event that has not been allowed yet).
/// Read from ECS JSON by <see cref="EcsEventReader"/>; docs/telemetry.md lists the mapping of every field.
/// A large struct: pass it with <c>in</c>.
/// </summary>
public readonly record struct TelemetryEvent
{
    /// <summary><c>event.id</c>; used for idempotence and feedback.</summary>
    public string? Id { get; init; }

    /// <summary>
    /// Where the event came from, as <c>event.dataset</c> would say (<c>okta.system</c>, <c>aws.cloudtrail</c> ...): set by
    /// the native-format readers (docs/connectors.md); null for ECS input.
    /// </summary>
    public string? Dataset { get; init; }

    /// <summary><c>@timestamp</c> as Unix milliseconds (UTC). The engine's only clock.</summary>
    public long TimestampMs { get; init; }

    /// <summary>What happened, from <c>event.action</c> (and <c>event.category</c>/<c>event.type</c> when the action is unknown).</summary>
    public EventKind Kind { get; init; }

    /// <summary><c>event.outcome</c>.</summary>
    public EventOutcome Outcome { get; init; }

    /// <summary><c>event.action</c> as written.</summary>
    public string? Action { get; init; }

    // ---- the subject ----

    /// <summary><c>user.id</c> (or <c>user.name</c>/<c>user.email</c> when no id is given): the identity that acted.</summary>
    public string SubjectId { get; init; }

    /// <summary><c>user.name</c>.</summary>
    public string? SubjectName { get; init; }

    /// <summary><c>user.email</c>.</summary>
    public string? SubjectEmail { get; init; }

    /// <summary><c>labels.identity_kind</c>: human (the default), workload or agent.</summary>
    public IdentityKind IdentityKind { get; init; }

    /// <summary>
    /// <c>labels.identity_kind</c> as written (AuthZEN <c>subject.type</c>): the type that scopes the subject's id when
    /// policy data is looked up (null when the event gives none).
    /// </summary>
    public string? SubjectType { get; init; }

    /// <summary><c>user.roles</c>.</summary>
    public string[]? Roles { get; init; }

    /// <summary><c>user.group.name</c>.</summary>
    public string? Group { get; init; }

    /// <summary><c>labels.department</c>.</summary>
    public string? Department { get; init; }

    /// <summary><c>labels.peer_group</c>; when absent the department, then the group, then the identity kind stands in.</summary>
    public string? PeerGroup { get; init; }

    /// <summary><c>labels.tenant</c> (or <c>organization.id</c>); one default tenant when absent.</summary>
    public string? Tenant { get; init; }

    /// <summary><c>labels.on_behalf_of</c>: for agents, the person they act for.</summary>
    public string? OnBehalfOf { get; init; }

    // ---- where from ----

    /// <summary><c>source.ip</c> (or <c>client.ip</c>).</summary>
    public IPAddress? SourceIp { get; init; }

    /// <summary><c>source.as.number</c>; 0 when unknown.</summary>
    public uint AsNumber { get; init; }

    /// <summary><c>source.as.organization.name</c>.</summary>
    public string? AsOrganization { get; init; }

    /// <summary><c>source.geo.country_iso_code</c>.</summary>
    public string? Country { get; init; }

    /// <summary><c>source.geo.city_name</c>.</summary>
    public string? City { get; init; }

    /// <summary><c>source.geo.location</c>.</summary>
    public GeoPoint? Location { get; init; }

    /// <summary>What Vigil's IP lists say about the source (anonymiser, hosting, known bad, corporate egress).</summary>
    public IpCategory SourceCategories { get; init; }

    // ---- with what ----

    /// <summary><c>user_agent.original</c>.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Browser family (<c>user_agent.name</c>, or parsed from the user agent).</summary>
    public string? Browser { get; init; }

    /// <summary>Browser major version, 0 when unknown.</summary>
    public int BrowserMajor { get; init; }

    /// <summary>Operating system family (<c>user_agent.os.name</c>, or parsed).</summary>
    public string? OperatingSystem { get; init; }

    /// <summary>Device type (<c>user_agent.device.name</c>, or parsed): Desktop, Mobile, Tablet, Bot, Other.</summary>
    public string? DeviceType { get; init; }

    /// <summary>The user agent is a script or automation library (curl, python-requests, headless browser ...).</summary>
    public bool IsScriptedClient { get; init; }

    /// <summary><c>device.id</c> or <c>host.id</c>.</summary>
    public string? DeviceId { get; init; }

    /// <summary><c>labels.device_compliant</c>; null when not reported.</summary>
    public bool? DeviceCompliant { get; init; }

    /// <summary><c>labels.device_managed</c>; null when not reported.</summary>
    public bool? DeviceManaged { get; init; }

    // ---- session and credentials ----

    /// <summary><c>labels.session_id</c>.</summary>
    public string? SessionId { get; init; }

    /// <summary><c>labels.token_id</c>.</summary>
    public string? TokenId { get; init; }

    /// <summary><c>labels.auth_method</c>: password, sso, passkey, certificate, client_secret, api_key ...</summary>
    public string? AuthMethod { get; init; }

    /// <summary><c>labels.acr</c>: the authentication context class of the session (e.g. pwd, mfa, phr).</summary>
    public string? Acr { get; init; }

    /// <summary><c>labels.mfa_method</c>: push, totp, sms, webauthn ...</summary>
    public string? MfaMethod { get; init; }

    /// <summary><c>labels.mfa_result</c>.</summary>
    public MfaResult MfaResult { get; init; }

    /// <summary><c>labels.failure_reason</c> on failed sign-ins: bad_password, unknown_user, locked ...</summary>
    public string? FailureReason { get; init; }

    // ---- on what ----

    /// <summary>The resource: <c>labels.resource_id</c>, else <c>service.name</c>, <c>url.domain</c> + <c>url.path</c>, or <c>file.path</c>.</summary>
    public string? ResourceId { get; init; }

    /// <summary><c>labels.resource_type</c> (AuthZEN <c>resource.type</c>): app, api, database, file-share ...</summary>
    public string? ResourceType { get; init; }

    /// <summary><c>labels.resource_action</c> (read, write, delete, admin) or <c>http.request.method</c>.</summary>
    public string? ResourceAction { get; init; }

    /// <summary><c>labels.resource_sensitivity</c>.</summary>
    public Sensitivity Sensitivity { get; init; }

    /// <summary>Bytes sent to the identity (<c>destination.bytes</c>, or <c>file.size</c> on reads): what could leave.</summary>
    public long BytesOut { get; init; }

    /// <summary>Bytes the identity sent (<c>source.bytes</c>).</summary>
    public long BytesIn { get; init; }

    /// <summary><c>labels.privilege</c> on a privilege change: the role or group granted.</summary>
    public string? Privilege { get; init; }

    /// <summary>Properties a decision request carries beyond telemetry (AuthZEN subject/resource/action properties, context); null in replay.</summary>
    public RequestAttributes? Attributes { get; init; }

    // ---- free text, read by the language family (docs/language.md) ----

    /// <summary>An AI agent's task (<c>gen_ai.agent.description</c>, or <c>labels.agent_task</c>): what it was asked to do.</summary>
    public string? AgentTask { get; init; }

    /// <summary>The tool an agent called (<c>gen_ai.tool.name</c>).</summary>
    public string? ToolName { get; init; }

    /// <summary>The arguments of that call as written (<c>gen_ai.tool.call.arguments</c>).</summary>
    public string? ToolArguments { get; init; }

    /// <summary>The log line or display message (<c>message</c>).</summary>
    public string? Message { get; init; }

    /// <summary><c>process.command_line</c>.</summary>
    public string? CommandLine { get; init; }

    /// <summary><c>url.path</c> as written (it is also part of <see cref="ResourceId"/> when no resource id is given).</summary>
    public string? UrlPath { get; init; }

    // ---- ground truth, for the evaluation lab only: detectors never read these ----

    /// <summary><c>labels.attack_type</c>, set by the simulator on attack events.</summary>
    public string? AttackType { get; init; }

    /// <summary><c>labels.attack_id</c>, set by the simulator on attack events.</summary>
    public string? AttackId { get; init; }

    /// <summary>True for sign-ins, token use, resource access and API calls: the events an access decision is made on.</summary>
    public bool IsAccessAttempt => Kind is EventKind.SignIn or EventKind.TokenUse or EventKind.ResourceAccess or EventKind.ApiCall;
}
