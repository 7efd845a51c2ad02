using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vigil.Lab.Simulation;

/// <summary>ECS field names and the canonical vocabulary the engine's reader expects.</summary>
internal sealed partial class EcsWriter
{
    public static readonly JsonEncodedText KindHuman = E("human");
    public static readonly JsonEncodedText KindWorkload = E("workload");
    public static readonly JsonEncodedText KindAgent = E("agent");
    public static readonly JsonEncodedText SensLow = E("low");
    public static readonly JsonEncodedText SensMedium = E("medium");
    public static readonly JsonEncodedText SensHigh = E("high");
    public static readonly JsonEncodedText SensCritical = E("critical");

    private static readonly JsonEncodedText PTimestamp = E("@timestamp");
    private static readonly JsonEncodedText PEvent = E("event");
    private static readonly JsonEncodedText PId = E("id");
    private static readonly JsonEncodedText PKind = E("kind");
    private static readonly JsonEncodedText PCategory = E("category");
    private static readonly JsonEncodedText PType = E("type");
    private static readonly JsonEncodedText PAction = E("action");
    private static readonly JsonEncodedText POutcome = E("outcome");
    private static readonly JsonEncodedText PUser = E("user");
    private static readonly JsonEncodedText PName = E("name");
    private static readonly JsonEncodedText PSource = E("source");
    private static readonly JsonEncodedText PIp = E("ip");
    private static readonly JsonEncodedText PAs = E("as");
    private static readonly JsonEncodedText PGeo = E("geo");
    private static readonly JsonEncodedText PBytes = E("bytes");
    private static readonly JsonEncodedText PDestination = E("destination");
    private static readonly JsonEncodedText PUserAgent = E("user_agent");
    private static readonly JsonEncodedText POriginal = E("original");
    private static readonly JsonEncodedText PHost = E("host");
    private static readonly JsonEncodedText PService = E("service");
    private static readonly JsonEncodedText PFile = E("file");
    private static readonly JsonEncodedText PPath = E("path");
    private static readonly JsonEncodedText PUrl = E("url");
    private static readonly JsonEncodedText PDomain = E("domain");
    private static readonly JsonEncodedText PHttp = E("http");
    private static readonly JsonEncodedText PRequest = E("request");
    private static readonly JsonEncodedText PMethod = E("method");
    private static readonly JsonEncodedText PLabels = E("labels");

    private static readonly JsonEncodedText LIdentityKind = E("identity_kind");
    private static readonly JsonEncodedText LDepartment = E("department");
    private static readonly JsonEncodedText LPeerGroup = E("peer_group");
    private static readonly JsonEncodedText LManagerId = E("manager_id");
    private static readonly JsonEncodedText LTenant = E("tenant");
    private static readonly JsonEncodedText LSessionId = E("session_id");
    private static readonly JsonEncodedText LTokenId = E("token_id");
    private static readonly JsonEncodedText LAuthMethod = E("auth_method");
    private static readonly JsonEncodedText LFailureReason = E("failure_reason");
    private static readonly JsonEncodedText LMfaMethod = E("mfa_method");
    private static readonly JsonEncodedText LMfaResult = E("mfa_result");
    private static readonly JsonEncodedText LResourceId = E("resource_id");
    private static readonly JsonEncodedText LResourceSensitivity = E("resource_sensitivity");
    private static readonly JsonEncodedText LResourceAction = E("resource_action");
    private static readonly JsonEncodedText LDeviceCompliant = E("device_compliant");
    private static readonly JsonEncodedText LDeviceManaged = E("device_managed");
    private static readonly JsonEncodedText LPrivilege = E("privilege");
    private static readonly JsonEncodedText LActorId = E("actor_id");
    private static readonly JsonEncodedText LOnBehalfOf = E("on_behalf_of");
    private static readonly JsonEncodedText LCredentialId = E("credential_id");
    private static readonly JsonEncodedText LAttackType = E("attack_type");
    private static readonly JsonEncodedText LAttackId = E("attack_id");

    private static readonly JsonEncodedText VEvent = E("event");
    private static readonly JsonEncodedText VTrue = E("true");
    private static readonly JsonEncodedText VFalse = E("false");
    private static readonly JsonEncodedText CatAuthentication = E("authentication");
    private static readonly JsonEncodedText CatSession = E("session");
    private static readonly JsonEncodedText CatDatabase = E("database");
    private static readonly JsonEncodedText CatFile = E("file");
    private static readonly JsonEncodedText CatWeb = E("web");
    private static readonly JsonEncodedText CatHost = E("host");
    private static readonly JsonEncodedText CatIam = E("iam");
    private static readonly JsonEncodedText TypeStart = E("start");
    private static readonly JsonEncodedText TypeEnd = E("end");
    private static readonly JsonEncodedText TypeInfo = E("info");
    private static readonly JsonEncodedText TypeAccess = E("access");
    private static readonly JsonEncodedText TypeChange = E("change");

    private static readonly JsonEncodedText[] ActionNames =
        [E("sign-in"), E("mfa"), E("token-use"), E("resource-access"), E("api-call"), E("device-posture"), E("privilege-change"), E("sign-out")];

    private static readonly JsonEncodedText[] OutcomeNames = [E("success"), E("failure"), E("unknown")];

    private static readonly JsonEncodedText[] AuthNames =
        [E("none"), E("password"), E("sso"), E("passkey"), E("certificate"), E("client_secret"), E("api_key")];

    private static readonly JsonEncodedText[] FailureNames =
        [E("none"), E("bad_password"), E("unknown_user"), E("locked"), E("mfa_denied"), E("access_denied"), E("expired_token")];

    /// <summary>
    /// Display messages an identity provider writes for each failure reason (<c>message</c>), two wordings each in the
    /// style of Okta's and Entra's: the free text the language family's line classifier reads.
    /// </summary>
    private static readonly JsonEncodedText[][] FailureMessages =
    [
        [],
        [E("Invalid username or password."), E("Authentication failed: INVALID_CREDENTIALS")],
        [E("User does not exist in the directory."), E("Sign-in failed: unknown user name.")],
        [E("The account is locked after too many failed sign-in attempts."), E("User account is locked out.")],
        [E("User rejected the push notification."), E("MFA denied by user.")],
        [E("User is not authorized to access this resource."), E("Access denied: insufficient permissions.")],
        [E("The presented token has expired."), E("Token validation failed: lifetime expired.")],
    ];

    private static readonly JsonEncodedText PMessage = E("message");
    private static readonly JsonEncodedText PGenAi = E("gen_ai");
    private static readonly JsonEncodedText PAgent = E("agent");
    private static readonly JsonEncodedText PDescription = E("description");
    private static readonly JsonEncodedText PTool = E("tool");
    private static readonly JsonEncodedText PCall = E("call");
    private static readonly JsonEncodedText PArguments = E("arguments");

    private static readonly JsonEncodedText[] MfaMethodNames = [E("none"), E("push"), E("totp"), E("sms"), E("webauthn")];

    private static readonly JsonEncodedText[] MfaResultNames = [E("none"), E("sent"), E("approved"), E("denied"), E("timeout")];

    private static readonly JsonEncodedText[] ResourceActionNames = [E("read"), E("write"), E("delete"), E("admin")];

    private static readonly JsonEncodedText[] VerbNames = [E("GET"), E("POST"), E("PUT"), E("DELETE")];

    // Not via the Encoder field: static initialisers of partial files run in an unspecified order.
    private static JsonEncodedText E(string value) => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
}
