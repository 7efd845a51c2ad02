using System.Text.Json;

namespace Vigil.Core.Telemetry.Formats;

/// <summary>
/// AWS CloudTrail records (docs.aws.amazon.com, "CloudTrail record contents"): console sign-ins and MFA checks, role
/// assumption and session tokens, IAM grants, S3 data events and every other API call. The subject is the principal's
/// ARN, which names the user or the assumed role and session.
/// </summary>
internal static class CloudTrailReader
{
    public const string Dataset = "aws.cloudtrail";

    public static bool TryRead(JsonElement e, in ReadContext context, out TelemetryEvent result, out string? error)
    {
        result = default;
        if (!context.TryTime(e, e.Get("eventTime"), 1, "eventTime", out long time, out error))
        {
            return false;
        }

        string? name = e.Text("eventName");
        string? source = e.Text("eventSource");
        string? eventType = e.Text("eventType");
        var identity = e.Get("userIdentity");
        string? identityType = identity.Get("type").Text();
        string? userName = identity.Get("userName").Text() ?? identity.Get("sessionContext", "sessionIssuer").Get("userName").Text();
        if (userName == "HIDDEN_DUE_TO_SECURITY_REASONS")
        {
            userName = null; // CloudTrail hides a name that matched no user (docs: "CloudTrail userIdentity element")
        }

        string? subject = identity.Get("arn").Text() ?? userName ?? identity.Get("principalId").Text() ?? identity.Get("invokedBy").Text()
            ?? identity.Get("accountId").Text();
        bool accountOnly = false;
        if (subject is null && e.Text("recipientAccountId") is string account)
        {
            subject = account; // a record without userIdentity (some service events): the account acted
            accountOnly = true;
        }
        var kind = Kind(name, source, eventType, e.Text("eventCategory"));
        var request = e.Get("requestParameters");
        string? privilege = null;
        if (kind == EventKind.PrivilegeChange)
        {
            // The grantee, when the call names one; otherwise the caller stays the subject.
            subject = request.Get("userName").Text() ?? request.Get("roleName").Text() ?? subject;
            privilege = request.Get("policyArn").Text() ?? request.Get("groupName").Text() ?? request.Get("policyName").Text();
        }

        if (!ReadContext.Subject(subject, "userIdentity.arn, userIdentity.userName, userIdentity.principalId, userIdentity.accountId, recipientAccountId", out error))
        {
            return false;
        }

        string? errorCode = e.Text("errorCode");
        string? errorMessage = e.Text("errorMessage");
        var response = e.Get("responseElements");
        var additional = e.Get("additionalEventData");
        var outcome = errorCode is not null ? EventOutcome.Failure : EventOutcome.Success;
        if (response.Get("ConsoleLogin").Text() is string login)
        {
            outcome = login == "Success" ? EventOutcome.Success : EventOutcome.Failure;
        }
        else if (response.Get("CheckMfa").Text() is string check)
        {
            outcome = check == "Success" ? EventOutcome.Success : EventOutcome.Failure;
        }

        bool? mfaUsed = additional.Get("MFAUsed").Text() is string used ? used == "Yes" : null;
        bool? sessionMfa = identity.Get("sessionContext", "attributes").Get("mfaAuthenticated").Bool();
        string? acr = (mfaUsed ?? sessionMfa) switch { true => "mfa", false => "pwd", null => null };

        result = new TelemetryEvent
        {
            Dataset = Dataset,
            Id = e.Text("eventID"),
            TimestampMs = time,
            Kind = kind,
            Outcome = outcome,
            Action = name,
            SubjectId = subject!,
            SubjectName = userName,
            IdentityKind = accountOnly || identityType is "AWSService" or "AWSAccount" || identity.Get("invokedBy").Text() is not null ? IdentityKind.Workload : IdentityKind.Human,
            Tenant = e.Text("recipientAccountId") ?? identity.Get("accountId").Text(),
            SourceIp = JsonFields.Ip(e.Text("sourceIPAddress")),
            UserAgent = e.Text("userAgent"),
            TokenId = identity.Get("accessKeyId").Text(),
            Acr = acr,
            AuthMethod = kind == EventKind.SignIn ? (identityType == "Root" ? "root_password" : "password") : null,
            MfaMethod = kind == EventKind.Mfa ? JsonFields.Lower(additional.Get("MfaType").Text()) : null,
            MfaResult = kind switch
            {
                EventKind.Mfa => outcome == EventOutcome.Success ? MfaResult.Approved : MfaResult.Denied,
                EventKind.SignIn when mfaUsed == true && outcome == EventOutcome.Success => MfaResult.Approved,
                _ => MfaResult.None,
            },
            FailureReason = outcome == EventOutcome.Failure ? Failure(errorCode, errorMessage) : null,
            ResourceId = Resource(kind, source, request),
            ResourceType = kind == EventKind.ResourceAccess ? "storage" : source is null ? null : "cloud-api",
            ResourceAction = Verb(name),
            Privilege = privilege,
        };
        return true;
    }

    internal static EventKind Kind(string? name, string? source, string? eventType, string? category)
    {
        if (eventType == "AwsConsoleSignIn")
        {
            return name switch
            {
                "ConsoleLogin" or "UserAuthentication" or "CredentialVerification" => EventKind.SignIn,
                "CheckMfa" or "CredentialChallenge" => EventKind.Mfa,
                "SwitchRole" => EventKind.TokenUse,
                "ExitRole" => EventKind.SignOut,
                _ => EventKind.SignIn,
            };
        }

        if (name is "ConsoleLogin")
        {
            return EventKind.SignIn;
        }

        if (name is "CheckMfa")
        {
            return EventKind.Mfa;
        }

        if (source == "sts.amazonaws.com" && name is "AssumeRole" or "AssumeRoleWithSAML" or "AssumeRoleWithWebIdentity" or "GetSessionToken"
            or "GetFederationToken" or "AssumeRoot")
        {
            return EventKind.TokenUse;
        }

        if (name is "AttachUserPolicy" or "AttachRolePolicy" or "AttachGroupPolicy" or "PutUserPolicy" or "PutRolePolicy" or "PutGroupPolicy"
            or "AddUserToGroup" or "UpdateAssumeRolePolicy")
        {
            return EventKind.PrivilegeChange;
        }

        if (category == "Data" || (source == "s3.amazonaws.com" && name is "GetObject" or "PutObject" or "DeleteObject" or "CopyObject" or "HeadObject"))
        {
            return EventKind.ResourceAccess;
        }

        return eventType is "AwsServiceEvent" ? EventKind.Other : EventKind.ApiCall;
    }

    private static string? Resource(EventKind kind, string? source, JsonElement? request)
    {
        if (kind == EventKind.ResourceAccess && request.Get("bucketName").Text() is string bucket)
        {
            return request.Get("key").Text() is string key ? bucket + "/" + key : bucket;
        }

        return source;
    }

    private static string? Verb(string? name) => name switch
    {
        null => null,
        _ when name.StartsWith("Get", StringComparison.Ordinal) || name.StartsWith("List", StringComparison.Ordinal)
            || name.StartsWith("Describe", StringComparison.Ordinal) || name.StartsWith("Head", StringComparison.Ordinal) => "read",
        _ when name.StartsWith("Delete", StringComparison.Ordinal) || name.StartsWith("Remove", StringComparison.Ordinal) => "delete",
        "ConsoleLogin" or "CheckMfa" => null,
        _ => "write",
    };

    private static string? Failure(string? code, string? message)
    {
        if (message is "Failed authentication")
        {
            return "bad_password";
        }

        if (message?.StartsWith("No username found", StringComparison.Ordinal) == true)
        {
            return "unknown_user";
        }

        return code is null ? JsonFields.Lower(message) : code.ToLowerInvariant();
    }
}
