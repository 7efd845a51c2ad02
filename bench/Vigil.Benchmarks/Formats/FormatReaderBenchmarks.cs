using System.Text;
using BenchmarkDotNet.Attributes;
using Vigil.Core.Telemetry;
using Vigil.Core.Telemetry.Formats;

namespace Vigil.Benchmarks.Formats;

/// <summary>
/// Reader throughput per native format (docs/connectors.md): one typical sign-in (or MFA) event per source, the
/// shapes of tests/Vigil.Core.Tests/Telemetry/Formats/FormatReaderMappingTests.cs, read with the format detected (what
/// <c>vigil score</c> does by default) and, for comparison, named. ECS is the baseline.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class FormatReaderBenchmarks
{
    private static readonly Dictionary<string, string> Events = new()
    {
        ["ecs"] = """{"@timestamp":"2024-05-29T08:00:00.123Z","event":{"id":"e-1","action":"sign-in","outcome":"failure"},"user":{"id":"alice@example.com"},"source":{"ip":"81.2.69.142"},"user_agent":{"original":"Mozilla/5.0 (Windows NT 10.0; Win64; x64)"},"labels":{"session_id":"s-1"}}""",
        ["okta"] = """{"uuid":"f7f0b7a6-1c2d-11ef-9d0d-0b6f1b7c6d11","published":"2024-05-28T09:14:03.112Z","eventType":"user.authentication.auth_via_mfa","severity":"WARN","displayMessage":"Authentication of user via MFA","actor":{"id":"00u1abcd","type":"User","alternateId":"alice@example.com","displayName":"Alice"},"client":{"userAgent":{"rawUserAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64)","os":"Windows 10","browser":"CHROME"},"device":"Computer","ipAddress":"81.2.69.142","geographicalContext":{"city":"London","country":"GB","geolocation":{"lat":51.5,"lon":-0.12}}},"outcome":{"result":"FAILURE","reason":"INVALID_CREDENTIALS"},"authenticationContext":{"externalSessionId":"102abc","credentialType":"OKTA_VERIFY_PUSH"},"securityContext":{"asNumber":20712,"asOrg":"andrews & arnold","isProxy":false},"debugContext":{"debugData":{"factor":"OKTA_VERIFY_PUSH"}}}""",
        ["entra"] = """{"id":"66ea54eb-6301-4ee5-be62-ff5a759b0100","createdDateTime":"2024-03-12T14:07:22Z","userDisplayName":"Alice","userPrincipalName":"alice@contoso.com","userId":"d7cc485d","appDisplayName":"Azure Portal","ipAddress":"81.2.69.142","clientAppUsed":"Browser","correlationId":"d79f5bee","signInEventTypes":["interactiveUser"],"authenticationRequirement":"multiFactorAuthentication","status":{"errorCode":500121,"failureReason":"Authentication failed during strong authentication request."},"deviceDetail":{"deviceId":"","operatingSystem":"Windows 10","browser":"Edge 122.0.0","isCompliant":false,"isManaged":false},"location":{"city":"London","countryOrRegion":"GB","geoCoordinates":{"latitude":51.5,"longitude":-0.12}},"authenticationDetails":[{"authenticationMethod":"Password","succeeded":true},{"authenticationMethod":"Mobile app notification","succeeded":false,"authenticationStepResultDetail":"MFA denied; user declined the authentication"}],"userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/122.0"}""",
        ["auth0"] = """{"log_id":"90020240529","data":{"date":"2024-05-29T10:11:12.345Z","type":"fp","client_id":"cl1","client_name":"Portal","ip":"81.2.69.142","user_agent":"Chrome 125.0.0 / Mac OS X 10.15.7","user_id":"auth0|123","user_name":"alice@example.com","strategy":"auth0","location_info":{"country_code":"GB","city_name":"London","latitude":51.5,"longitude":-0.12}}}""",
        ["keycloak"] = """{"id":"kc-1","time":1716977472000,"type":"LOGIN_ERROR","realmId":"acme","clientId":"portal","userId":"u-1","sessionId":"s-1","ipAddress":"81.2.69.142","error":"invalid_user_credentials","details":{"auth_method":"openid-connect","username":"alice"}}""",
        ["google-workspace"] = """{"kind":"admin#reports#activity","id":{"time":"2024-05-29T08:00:01.123Z","uniqueQualifier":"-4711","applicationName":"login","customerId":"C01"},"actor":{"email":"alice@example.com","profileId":"1147"},"ipAddress":"81.2.69.142","events":[{"type":"login","name":"login_failure","parameters":[{"name":"login_type","value":"google_password"},{"name":"login_failure_type","value":"login_failure_invalid_password"}]}]}""",
        ["cloudtrail"] = """{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDA1","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2024-05-29T08:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"81.2.69.142","userAgent":"Mozilla/5.0","responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"Yes","MFAIdentifier":"arn:aws:iam::111122223333:mfa/alice"},"eventID":"3fcfb2c4-1111","eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}""",
        ["duo"] = """{"txid":"340a23e3-23f3-4f2e-b0a3-8e0a0b7a1111","isotimestamp":"2024-05-29T08:00:00.000000+00:00","timestamp":1716969600,"user":{"name":"alice","key":"DU1"},"factor":"duo_push","result":"fraud","reason":"user_marked_fraud","event_type":"authentication","access_device":{"ip":"81.2.69.142","browser":"Chrome","browser_version":"125.0","os":"Mac OS X","location":{"city":"London","country":"United Kingdom"}},"auth_device":{"ip":"203.0.113.9","name":"iphone"},"application":{"name":"VPN","key":"DI1"}}""",
        ["onelogin"] = """{"id":125000001,"created_at":"2024-05-29T08:00:00Z","event_type_id":6,"account_id":1234,"user_id":987,"user_name":"alice@example.com","ipaddr":"81.2.69.142","user_agent":"Mozilla/5.0","error_description":"Incorrect password"}""",
        ["ocsf"] = """{"class_uid":3002,"category_uid":3,"activity_id":1,"activity_name":"Logon","time":1716969600000,"status_id":2,"status_detail":"Bad password","is_mfa":false,"metadata":{"uid":"ocsf-1","product":{"name":"IdP"},"version":"1.1.0"},"user":{"name":"alice","email_addr":"alice@example.com"},"src_endpoint":{"ip":"81.2.69.142","location":{"country":"GB","city":"London"}},"http_request":{"user_agent":"Mozilla/5.0"},"session":{"uid":"s-9"}}""",
    };

    private readonly List<EcsLine> output = new(4);
    private byte[] line = [];
    private FormatEventReader detected = null!;
    private FormatEventReader named = null!;

    [Params("ecs", "okta", "entra", "auth0", "keycloak", "google-workspace", "cloudtrail", "duo", "onelogin", "ocsf")]
    public string Format { get; set; } = "ecs";

    [GlobalSetup]
    public void Setup()
    {
        line = Encoding.UTF8.GetBytes(Events[Format]);
        detected = new FormatEventReader();
        if (!LogFormats.TryParse(Format, out var format))
        {
            throw new InvalidOperationException("unknown format " + Format);
        }

        named = new FormatEventReader(format);
        output.Clear();
        detected.Read(line, 1, output);
        if (output.Count != 1 || !output[0].IsEvent)
        {
            throw new InvalidOperationException(Format + ": the sample is not read: " + output[0].Error);
        }
    }

    /// <summary>Format detected per line, as <c>vigil score</c> reads by default.</summary>
    [Benchmark(Baseline = true)]
    public int Detected()
    {
        output.Clear();
        detected.Read(line, 1, output);
        return output.Count;
    }

    /// <summary>Format named with <c>--format</c>.</summary>
    [Benchmark]
    public int Named()
    {
        output.Clear();
        named.Read(line, 1, output);
        return output.Count;
    }
}
