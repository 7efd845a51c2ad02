using System.Net;
using System.Text;
using Vigil.Core.Telemetry;
using Vigil.Core.Telemetry.Formats;

namespace Vigil.Core.Tests.Telemetry.Formats;

/// <summary>
/// One event per source, shaped as the vendor documents it (docs/connectors.md links the schema pages), read with the
/// format detected: each field the source has lands where docs/connectors.md says.
/// </summary>
public sealed class FormatReaderMappingTests
{
    private static TelemetryEvent ReadOne(string json, LogFormat format = LogFormat.Auto)
    {
        var lines = new List<EcsLine>();
        new FormatEventReader(format).Read(Encoding.UTF8.GetBytes(json), 7, lines);
        var line = Assert.Single(lines);
        Assert.True(line.IsEvent, line.Error);
        Assert.Equal(7, line.LineNumber);
        return line.Event;
    }

    private static long Ms(int year, int month, int day, int hour, int minute, int second, int ms = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, second, ms, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void Read_OktaPushDenied_MapsMfaDeviceSessionAddressAndGeo()
    {
        var e = ReadOne("""
            {"uuid":"f7f0b7a6-1c2d-11ef-9d0d-0b6f1b7c6d11","published":"2024-05-28T09:14:03.112Z","eventType":"user.authentication.auth_via_mfa",
             "severity":"WARN","displayMessage":"Authentication of user via MFA",
             "actor":{"id":"00u1abcd","type":"User","alternateId":"alice@example.com","displayName":"Alice"},
             "client":{"userAgent":{"rawUserAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64)","os":"Windows 10","browser":"CHROME"},"device":"Computer",
                       "ipAddress":"81.2.69.142","geographicalContext":{"city":"London","country":"GB","geolocation":{"lat":51.5,"lon":-0.12}}},
             "outcome":{"result":"FAILURE","reason":"INVALID_CREDENTIALS"},
             "authenticationContext":{"externalSessionId":"102abc","credentialType":"OKTA_VERIFY_PUSH"},
             "securityContext":{"asNumber":20712,"asOrg":"andrews & arnold","isProxy":false},
             "debugContext":{"debugData":{"factor":"OKTA_VERIFY_PUSH"}}}
            """);
        Assert.Equal("okta.system", e.Dataset);
        Assert.Equal("f7f0b7a6-1c2d-11ef-9d0d-0b6f1b7c6d11", e.Id);
        Assert.Equal(Ms(2024, 5, 28, 9, 14, 3, 112), e.TimestampMs);
        Assert.Equal(EventKind.Mfa, e.Kind);
        Assert.Equal(EventOutcome.Failure, e.Outcome);
        Assert.Equal("alice@example.com", e.SubjectId);
        Assert.Equal(IdentityKind.Human, e.IdentityKind);
        Assert.Equal(IPAddress.Parse("81.2.69.142"), e.SourceIp);
        Assert.Equal("GB", e.Country);
        Assert.Equal(20712u, e.AsNumber);
        Assert.StartsWith("Mozilla/5.0", e.UserAgent, StringComparison.Ordinal);
        Assert.Equal("102abc", e.SessionId);
        Assert.Equal("okta_verify_push", e.MfaMethod);
        Assert.Equal(MfaResult.Denied, e.MfaResult);
    }

    [Fact]
    public void Read_EntraGraphSignInAndDiagnosticExport_SameEventBothShapes()
    {
        const string signIn = """
            {"id":"66ea54eb-6301-4ee5-be62-ff5a759b0100","createdDateTime":"2024-03-12T14:07:22Z","userDisplayName":"Alice","userPrincipalName":"alice@contoso.com",
             "userId":"d7cc485d-2c1b-422c-98fd-5ce52859a4a3","appDisplayName":"Azure Portal","ipAddress":"81.2.69.142","clientAppUsed":"Browser",
             "correlationId":"d79f5bee-5860-4832-928f-3133e22ae912","signInEventTypes":["interactiveUser"],"authenticationRequirement":"multiFactorAuthentication",
             "status":{"errorCode":500121,"failureReason":"Authentication failed during strong authentication request."},
             "deviceDetail":{"deviceId":"","displayName":"","operatingSystem":"Windows 10","browser":"Edge 122.0.0","isCompliant":false,"isManaged":false},
             "location":{"city":"London","state":"London","countryOrRegion":"GB","geoCoordinates":{"latitude":51.5,"longitude":-0.12}},
             "authenticationDetails":[{"authenticationMethod":"Mobile app notification","succeeded":false,"authenticationStepResultDetail":"MFA denied; user declined the authentication"}],
             "userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/122.0"}
            """;
        var graph = ReadOne(signIn);
        var export = ReadOne("{\"time\":\"2024-03-12T14:07:22.0000000Z\",\"category\":\"SignInLogs\",\"operationName\":\"Sign-in activity\",\"resultType\":\"500121\",\"callerIpAddress\":\"81.2.69.142\",\"properties\":" + signIn + "}");
        foreach (var e in new[] { graph, export })
        {
            Assert.Equal("entra.signin", e.Dataset);
            Assert.Equal("66ea54eb-6301-4ee5-be62-ff5a759b0100", e.Id);
            Assert.Equal(Ms(2024, 3, 12, 14, 7, 22), e.TimestampMs);
            Assert.Equal(EventKind.SignIn, e.Kind);
            Assert.Equal(EventOutcome.Failure, e.Outcome);
            Assert.Equal("alice@contoso.com", e.SubjectId);
            Assert.Equal(IPAddress.Parse("81.2.69.142"), e.SourceIp);
            Assert.Equal("GB", e.Country);
            Assert.NotNull(e.UserAgent);
            Assert.Equal(MfaResult.Denied, e.MfaResult);
        }
    }

    [Theory]
    [InlineData("nonInteractiveUser", "entra.signin.noninteractive", EventKind.TokenUse, IdentityKind.Human)]
    [InlineData("servicePrincipal", "entra.signin.serviceprincipal", EventKind.SignIn, IdentityKind.Workload)]
    [InlineData("managedIdentity", "entra.signin.managedidentity", EventKind.SignIn, IdentityKind.Workload)]
    public void Read_EntraSignInTypes_DatasetKindAndIdentityKind(string type, string dataset, EventKind kind, IdentityKind identity)
    {
        var e = ReadOne($$$"""
            {"id":"a1","createdDateTime":"2024-03-12T14:07:22Z","userPrincipalName":"alice@contoso.com","servicePrincipalName":"backup-job","servicePrincipalId":"sp-1",
             "appId":"app-1","ipAddress":"10.1.2.3","signInEventTypes":["{{{type}}}"],"status":{"errorCode":0}}
            """);
        Assert.Equal(dataset, e.Dataset);
        Assert.Equal(kind, e.Kind);
        Assert.Equal(identity, e.IdentityKind);
        Assert.Equal(EventOutcome.Success, e.Outcome);
        Assert.Equal(identity == IdentityKind.Workload ? "backup-job" : "alice@contoso.com", e.SubjectId);
    }

    [Fact]
    public void Read_EntraAuditExport_ReadsInitiatorAndCategory()
    {
        var e = ReadOne("""
            {"time":"2024-03-12T14:10:00Z","category":"AuditLogs","operationName":"Add member to role","resultType":"Success",
             "properties":{"id":"Directory_0b6a","activityDateTime":"2024-03-12T14:10:00Z","activityDisplayName":"Add member to role","category":"RoleManagement","result":"success",
              "initiatedBy":{"user":{"userPrincipalName":"admin@contoso.com","ipAddress":"81.2.69.142"}},
              "targetResources":[{"type":"User","userPrincipalName":"bob@contoso.com","modifiedProperties":[{"displayName":"Role.DisplayName","newValue":"\"Global Administrator\""}]}]}}
            """);
        Assert.Equal("entra.audit", e.Dataset);
        Assert.Equal(EventOutcome.Success, e.Outcome);
        Assert.False(string.IsNullOrEmpty(e.SubjectId));
    }

    [Theory]
    [InlineData("s", EventKind.SignIn, EventOutcome.Success, MfaResult.None)]
    [InlineData("fp", EventKind.SignIn, EventOutcome.Failure, MfaResult.None)]
    [InlineData("fu", EventKind.SignIn, EventOutcome.Failure, MfaResult.None)]
    [InlineData("f", EventKind.SignIn, EventOutcome.Failure, MfaResult.None)]
    [InlineData("gd_send_pn", EventKind.Mfa, EventOutcome.Unknown, MfaResult.Sent)]
    [InlineData("gd_auth_succeed", EventKind.Mfa, EventOutcome.Success, MfaResult.Approved)]
    [InlineData("sapi", EventKind.ApiCall, EventOutcome.Success, MfaResult.None)]
    public void Read_Auth0TypeCodes_KindOutcomeAndMfa(string type, EventKind kind, EventOutcome outcome, MfaResult mfa)
    {
        var e = ReadOne($$$"""
            {"log_id":"90020240529","data":{"date":"2024-05-29T10:11:12.345Z","type":"{{{type}}}","client_id":"cl1","client_name":"Portal","ip":"81.2.69.142",
             "user_agent":"Chrome 125.0.0 / Mac OS X 10.15.7","user_id":"auth0|123","user_name":"alice@example.com","strategy":"auth0",
             "location_info":{"country_code":"GB","city_name":"London","latitude":51.5,"longitude":-0.12}} }
            """);
        Assert.Equal("auth0.logs", e.Dataset);
        Assert.Equal("90020240529", e.Id);
        Assert.Equal(Ms(2024, 5, 29, 10, 11, 12, 345), e.TimestampMs);
        Assert.Equal(kind, e.Kind);
        Assert.Equal(outcome, e.Outcome);
        Assert.Equal(mfa, e.MfaResult);
        Assert.Equal("alice@example.com", e.SubjectId);
        Assert.Equal(IPAddress.Parse("81.2.69.142"), e.SourceIp);
        Assert.Equal("GB", e.Country);
        Assert.NotNull(e.UserAgent);
    }

    [Fact]
    public void Read_KeycloakLoginErrorAndAdminEvent_MapsBoth()
    {
        var login = ReadOne("""
            {"id":"kc-1","time":1716977472000,"type":"LOGIN_ERROR","realmId":"acme","clientId":"portal","userId":"u-1","sessionId":"s-1",
             "ipAddress":"81.2.69.142","error":"invalid_user_credentials","details":{"auth_method":"openid-connect","username":"alice"}}
            """);
        Assert.Equal("keycloak.event", login.Dataset);
        Assert.Equal(1716977472000, login.TimestampMs);
        Assert.Equal(EventKind.SignIn, login.Kind);
        Assert.Equal(EventOutcome.Failure, login.Outcome);
        Assert.Equal("alice", login.SubjectId);
        Assert.Equal("bad_password", login.FailureReason);
        Assert.Equal("s-1", login.SessionId);

        var admin = ReadOne("""
            {"time":1716977480000,"realmId":"acme","authDetails":{"realmId":"master","clientId":"admin-cli","userId":"admin-1","ipAddress":"10.0.0.5"},
             "operationType":"CREATE","resourceType":"REALM_ROLE_MAPPING","resourcePath":"users/u-2/role-mappings/realm","representation":"[{\"name\":\"admin\"}]"}
            """);
        Assert.Equal("keycloak.admin", admin.Dataset);
        // A role grant is about the grantee in the resource path, not the administrator who made it.
        Assert.Equal("u-2", admin.SubjectId);
        Assert.Equal(EventKind.PrivilegeChange, admin.Kind);
        Assert.Equal("admin", admin.Privilege);
    }

    [Fact]
    public void Read_GoogleWorkspaceLoginFailure_OneEventPerActivityEvent()
    {
        var lines = new List<EcsLine>();
        new FormatEventReader().Read("""
            {"kind":"admin#reports#activity","id":{"time":"2024-05-29T08:00:01.123Z","uniqueQualifier":"-4711","applicationName":"login","customerId":"C01"},
             "actor":{"email":"alice@example.com","profileId":"1147"},"ipAddress":"81.2.69.142",
             "events":[{"type":"login","name":"login_failure","parameters":[{"name":"login_type","value":"google_password"},{"name":"login_failure_type","value":"login_failure_invalid_password"}]}]}
            """u8, 3, lines);
        var e = Assert.Single(lines).Event;
        Assert.Equal("google_workspace.login", e.Dataset);
        Assert.Equal(Ms(2024, 5, 29, 8, 0, 1, 123), e.TimestampMs);
        Assert.Equal(EventKind.SignIn, e.Kind);
        Assert.Equal(EventOutcome.Failure, e.Outcome);
        Assert.Equal("alice@example.com", e.SubjectId);
        Assert.Equal("bad_password", e.FailureReason);
        Assert.Equal(IPAddress.Parse("81.2.69.142"), e.SourceIp);
    }

    [Fact]
    public void Read_CloudTrailRecordsFile_ConsoleLoginWithMfaAndAssumeRole()
    {
        var lines = new List<EcsLine>();
        new FormatEventReader().Read("""
            {"Records":[
             {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDA1","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},
              "eventTime":"2024-05-29T08:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"81.2.69.142",
              "userAgent":"Mozilla/5.0","responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"Yes","MFAIdentifier":"arn:aws:iam::111122223333:mfa/alice"},
              "eventID":"3fcfb2c4-1111","eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"},
             {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},
              "eventTime":"2024-05-29T08:01:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","sourceIPAddress":"81.2.69.142","userAgent":"aws-cli/2.15",
              "requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/admin","roleSessionName":"alice"},"eventID":"3fcfb2c4-2222","eventType":"AwsApiCall","recipientAccountId":"111122223333"},
             "not an object"]}
            """u8, 1, lines);
        Assert.Equal(3, lines.Count);
        var login = lines[0].Event;
        Assert.Equal("aws.cloudtrail", login.Dataset);
        Assert.Equal("3fcfb2c4-1111", login.Id);
        Assert.Equal(EventKind.SignIn, login.Kind);
        Assert.Equal(EventOutcome.Success, login.Outcome);
        Assert.Equal("arn:aws:iam::111122223333:user/alice", login.SubjectId);
        Assert.Equal(IPAddress.Parse("81.2.69.142"), login.SourceIp);
        Assert.Equal("111122223333", login.Tenant);
        Assert.Equal(EventKind.TokenUse, lines[1].Event.Kind);
        Assert.False(lines[2].IsEvent);
        Assert.StartsWith("Records[2]", lines[2].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuoPushDeniedAsFraud_MfaDenied()
    {
        var e = ReadOne("""
            {"txid":"340a23e3-23f3-4f2e-b0a3-8e0a0b7a1111","isotimestamp":"2024-05-29T08:00:00.000000+00:00","timestamp":1716969600,
             "user":{"name":"alice","key":"DU1"},"factor":"duo_push","result":"fraud","reason":"user_marked_fraud","event_type":"authentication",
             "access_device":{"ip":"81.2.69.142","browser":"Chrome","browser_version":"125.0","os":"Mac OS X","location":{"city":"London","country":"United Kingdom"}},
             "auth_device":{"ip":"203.0.113.9","name":"iphone"},"application":{"name":"VPN","key":"DI1"}}
            """);
        Assert.Equal("duo.auth", e.Dataset);
        Assert.Equal(1716969600000, e.TimestampMs);
        Assert.Equal(EventKind.Mfa, e.Kind);
        Assert.Equal(EventOutcome.Failure, e.Outcome);
        Assert.Equal(MfaResult.Denied, e.MfaResult);
        Assert.Equal("alice", e.SubjectId);
        Assert.Equal(IPAddress.Parse("81.2.69.142"), e.SourceIp);
    }

    [Fact]
    public void Read_OneLoginFailedSignIn_FailureWithAddress()
    {
        var e = ReadOne("""
            {"id":125000001,"created_at":"2024-05-29T08:00:00Z","event_type_id":6,"account_id":1234,"user_id":987,"user_name":"alice@example.com",
             "ipaddr":"81.2.69.142","user_agent":"Mozilla/5.0","error_description":"Incorrect password"}
            """);
        Assert.Equal("onelogin.events", e.Dataset);
        Assert.Equal("125000001", e.Id);
        Assert.Equal(EventKind.SignIn, e.Kind);
        Assert.Equal(EventOutcome.Failure, e.Outcome);
        Assert.Equal("alice@example.com", e.SubjectId);
        Assert.Equal(IPAddress.Parse("81.2.69.142"), e.SourceIp);
    }

    [Fact]
    public void Read_OcsfAuthenticationAndAccountChange_MapsClasses()
    {
        var auth = ReadOne("""
            {"class_uid":3002,"category_uid":3,"activity_id":1,"activity_name":"Logon","time":1716969600000,"status_id":2,"status_detail":"Bad password","is_mfa":false,
             "metadata":{"uid":"ocsf-1","product":{"name":"IdP"},"version":"1.1.0"},"user":{"name":"alice","email_addr":"alice@example.com"},
             "src_endpoint":{"ip":"81.2.69.142","location":{"country":"GB","city":"London"}},"http_request":{"user_agent":"Mozilla/5.0"},"session":{"uid":"s-9"}}
            """);
        Assert.Equal("ocsf.authentication", auth.Dataset);
        Assert.Equal("ocsf-1", auth.Id);
        Assert.Equal(EventKind.SignIn, auth.Kind);
        Assert.Equal(EventOutcome.Failure, auth.Outcome);
        Assert.Equal("alice@example.com", auth.SubjectId);
        Assert.Equal("s-9", auth.SessionId);

        var change = ReadOne("""
            {"class_uid":3001,"category_uid":3,"activity_id":7,"time":1716969660000,"status_id":1,"user":{"name":"bob"},"actor":{"user":{"name":"admin"}},"policy":{"name":"Administrators"}}
            """);
        Assert.Equal("ocsf.account_change", change.Dataset);
        Assert.Equal(EventKind.PrivilegeChange, change.Kind);
        Assert.Equal("bob", change.SubjectId);
        Assert.Equal("Administrators", change.Privilege);
    }

    [Fact]
    public void Read_NamedFormatOverridesDetection_ErrorNamesTheFormatsField()
    {
        var lines = new List<EcsLine>();
        new FormatEventReader(LogFormat.Okta).Read("""{"eventTime":"2024-05-29T08:00:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole"}"""u8, 4, lines);
        var line = Assert.Single(lines);
        Assert.False(line.IsEvent);
        Assert.Contains("published", line.Error, StringComparison.Ordinal);
    }
}
