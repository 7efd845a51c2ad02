using System.Text;
using CsCheck;
using Vigil.Core.Telemetry;
using Vigil.Core.Telemetry.Formats;

namespace Vigil.Core.Tests.Telemetry.Formats;

/// <summary>
/// Hostile input: the readers never throw, refuse a bad event with an error that names the field (or says the JSON is
/// not valid), keep the good events beside it, and read a time without an offset as UTC.
/// </summary>
public sealed class FormatHostileInputTests
{
    // The fields the readers and the detector look at, so random objects reach deep into every reader.
    private static readonly string[] Names =
    [
        "published", "eventType", "actor", "alternateId", "id", "client", "ipAddress", "outcome", "result", "uuid", "target", "debugContext",
        "eventTime", "eventSource", "eventName", "userIdentity", "arn", "type", "date", "data", "log_id", "user_name", "user_id", "class_uid",
        "activity_id", "time", "user", "name", "event_type_id", "created_at", "kind", "applicationName", "events", "parameters", "txid", "factor",
        "access_device", "isotimestamp", "timestamp", "userPrincipalName", "createdDateTime", "status", "errorCode", "properties", "category",
        "Records", "records", "operationType", "resourceType", "resourcePath", "authDetails", "representation", "details", "location_info",
        "src_endpoint", "ip", "geographicalContext", "geolocation", "lat", "lon", "signInEventTypes", "authenticationDetails", "initiatedBy",
        "requestParameters", "responseElements", "additionalEventData", "p_event_time", "@timestamp",
    ];

    private static readonly string[] Scalars =
    [
        "\"\"", "\"x\"", "\"2024-05-29T08:00:00Z\"", "\"2024-05-29 08:00:00\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.9999999Z\"",
        "\"not a date\"", "\"81.2.69.142\"", "\"::1\"", "\"999.1.1.1\"", "0", "-1", "1.5", "1e400", "-1e400", "9223372036854775808",
        "-9223372036854775809", "253402300800000", "true", "false", "null", "\"SUCCESS\"", "\"FAILURE\"", "\"s\"", "\"fp\"", "\"gd_send_pn\"",
        "\"[{\\\"name\\\":1}]\"", "\"[[[[[[[[[[[[\"", "\"users/\"", "\"users//groups\"", "3002", "3001", "6", "\"AwsConsoleSignIn\"", "\"ConsoleLogin\"",
        "\"user.authentication.auth_via_mfa\"", "\"admin#reports#activity\"", "\"\\u0000\"", "\"\\ud800\"",
    ];

    private static Gen<string> Value(int depth) => depth == 0
        ? Gen.Int[0, Scalars.Length - 1].Select(i => Scalars[i])
        : Gen.Int[0, 9].SelectMany(k => k < 5 ? Value(0) : k < 8 ? Object(depth - 1) : Value(depth - 1).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]"));

    private static Gen<string> Object(int depth) =>
        Gen.Int[0, Names.Length - 1].SelectMany(i => Value(depth).Select(v => "\"" + Names[i] + "\":" + v)).Array[0, 8]
            .Select(fields => "{" + string.Join(",", fields) + "}");

    // A fixed seed, so CI sees the same inputs every run (a random one failed CI once, on a case no run had met before);
    // VIGIL_HOSTILE_SEED names another seed, or "random" for a fresh one each run, to explore locally.
    private static string? Seed => Environment.GetEnvironmentVariable("VIGIL_HOSTILE_SEED") switch
    {
        "random" => null,
        { Length: > 0 } seed => seed,
        _ => PropertyRun.DefaultSeed,
    };

    private static List<EcsLine> Read(byte[] line, LogFormat format = LogFormat.Auto)
    {
        var output = new List<EcsLine>();
        new FormatEventReader(format).Read(line, 9, output);
        return output;
    }

    [Fact]
    public void Read_RandomVendorShapedObjects_NeverThrowsAndEveryLineIsAnEventOrANamedError()
    {
        var formats = Enum.GetValues<LogFormat>();
        Gen.Select(Object(3), Gen.Int[0, formats.Length - 1]).Sample((json, f) =>
        {
            var lines = Read(Encoding.UTF8.GetBytes(json), formats[f]);
            // Only a file-shaped object with an empty Records (or records) array holds nothing to report.
            Assert.True(lines.Count > 0 || json.Contains("ecords\":[]", StringComparison.Ordinal), json + " as " + formats[f]);
            foreach (var line in lines)
            {
                Assert.Equal(9, line.LineNumber);
                if (line.IsEvent)
                {
                    Assert.False(string.IsNullOrEmpty(line.Event.SubjectId));
                    Assert.InRange(line.Event.TimestampMs, 0, 253_402_300_799_999);
                }
                else
                {
                    Assert.False(string.IsNullOrWhiteSpace(line.Error));
                }
            }
        }, iter: 3000, seed: Seed);
    }

    [Fact]
    public void Read_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 256].Sample(bytes =>
        {
            var lines = Read(bytes);
            Assert.NotEmpty(lines);
        }, iter: 3000, seed: Seed);
    }

    [Theory]
    [InlineData("""{"eventType":"user.session.start","published":"yesterday","actor":{"alternateId":"a"}}""", "published")]
    [InlineData("""{"eventType":"user.session.start","published":"2024-05-29T08:00:00Z","actor":{"type":"User"}}""", "actor.alternateId")]
    [InlineData("""{"eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","eventTime":42.5e300,"userIdentity":{"arn":"a"}}""", "eventTime")]
    [InlineData("""{"class_uid":3002,"activity_id":1,"time":"soon","user":{"name":"a"}}""", "time")]
    [InlineData("""{"log_id":"1","data":{"type":"s","date":"2024-05-29T08:00:00Z"}}""", "user_name")]
    [InlineData("""{"event_type_id":5,"created_at":"2024-05-29T08:00:00Z"}""", "user_name")]
    [InlineData("""{"txid":"t","isotimestamp":"2024-05-29T08:00:00Z","result":"success"}""", "user.name")]
    [InlineData("""{"userPrincipalName":"a@b.c","createdDateTime":"May 29th","status":{"errorCode":0}}""", "createdDateTime")]
    [InlineData("""{"kind":"admin#reports#activity","id":{"time":"2024-05-29T08:00:00Z","applicationName":"login"},"events":[{"name":"login_success"}]}""", "actor.email")]
    public void Read_BadField_ErrorNamesIt(string json, string field)
    {
        var line = Assert.Single(Read(Encoding.UTF8.GetBytes(json)));
        Assert.False(line.IsEvent);
        Assert.Contains(field, line.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"@timestamp":"\ud800","user":{"id":"a"}}""")]
    [InlineData("""{"eventType":"user.session.start","published":"2024-05-29T08:00:00Z","actor":{"alternateId":"\ud800"}}""")]
    // Found by CI (seed aCHx_hUa_Zn1): the format detector read "kind" before any reader ran, and threw.
    [InlineData("""{"Records":6,"kind":"\ud800"}""")]
    [InlineData("""{"Records":[{"eventSource":"signin.amazonaws.com","eventName":"\udc00"}]}""")]
    public void Read_LoneSurrogateInAString_RefusedNotThrown(string json)
    {
        foreach (var format in Enum.GetValues<LogFormat>())
        {
            var line = Assert.Single(Read(Encoding.UTF8.GetBytes(json), format));
            Assert.False(line.IsEvent);
            Assert.Contains("not valid Unicode", line.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Read_DuplicateKeyInANativeEvent_RefusedNamingIt()
    {
        var line = Assert.Single(Read("""{"eventType":"user.session.start","published":"2024-05-29T08:00:00Z","actor":{"alternateId":"a","alternateId":"admin"}}"""u8.ToArray()));
        Assert.False(line.IsEvent);
        Assert.Contains("actor.alternateId", line.Error, StringComparison.Ordinal);
        Assert.Contains("duplicate", line.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NestedDeeperThanTheLimit_RefusedAsInvalidJson()
    {
        string deep = "{\"eventType\":\"x\",\"actor\":" + string.Concat(Enumerable.Repeat("[", 10_000)) + string.Concat(Enumerable.Repeat("]", 10_000)) + "}";
        var line = Assert.Single(Read(Encoding.UTF8.GetBytes(deep)));
        Assert.False(line.IsEvent);
        Assert.StartsWith("not valid JSON", line.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RecordsWithABadRecordBetweenGoodOnes_GoodOnesKeptBadOneNamed()
    {
        const string good = """{"eventVersion":"1.08","eventSource":"sts.amazonaws.com","eventName":"GetSessionToken","eventTime":"2024-05-29T08:00:00Z","userIdentity":{"arn":"arn:aws:iam::1:user/a"},"sourceIPAddress":"81.2.69.142"}""";
        const string bad = """{"eventVersion":"1.08","eventSource":"sts.amazonaws.com","eventName":"GetSessionToken","eventTime":"never","userIdentity":{"arn":"arn:aws:iam::1:user/a"}}""";
        var lines = Read(Encoding.UTF8.GetBytes("{\"Records\":[" + good + "," + bad + "," + good + "]}"));
        Assert.Equal(3, lines.Count);
        Assert.True(lines[0].IsEvent);
        Assert.False(lines[1].IsEvent);
        Assert.StartsWith("Records[1]: eventTime", lines[1].Error, StringComparison.Ordinal);
        Assert.True(lines[2].IsEvent);
        Assert.Equal(EventKind.TokenUse, lines[2].Event.Kind);
    }

    [Fact]
    public void Read_MoreRecordsThanTheLimit_StopsWithAnError()
    {
        string records = "{\"Records\":[" + string.Join(",", Enumerable.Repeat("1", FormatEventReader.MaxRecords + 1)) + "]}";
        var lines = Read(Encoding.UTF8.GetBytes(records));
        Assert.Equal(FormatEventReader.MaxRecords + 1, lines.Count);
        Assert.Contains("more than", lines[^1].Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"eventType":"user.session.start","published":"2024-05-29 08:00:00.123","actor":{"alternateId":"a"}}""")]
    [InlineData("""{"eventType":"user.session.start","published":"2024-05-29T08:00:00.123","actor":{"alternateId":"a"}}""")]
    [InlineData("""{"eventType":"user.session.start","published":"2024-05-29T10:00:00.123+02:00","actor":{"alternateId":"a"}}""")]
    [InlineData("""{"eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","eventTime":"2024-05-29 08:00:00.123000000","userIdentity":{"arn":"a"}}""")]
    [InlineData("""{"log_id":"1","data":{"type":"s","date":"2024-05-29 08:00:00.123000000","user_name":"a"}}""")]
    [InlineData("""{"txid":"t","timestamp":1716969600.123,"result":"success","user":{"name":"a"}}""")]
    [InlineData("""{"class_uid":3002,"activity_id":1,"time":1716969600123,"user":{"name":"a"}}""")]
    public void Read_TimeWithoutOffset_ReadAsUtc(string json)
    {
        // Hosts in any time zone read the same instant: 2024-05-29T08:00:00.123Z.
        var line = Assert.Single(Read(Encoding.UTF8.GetBytes(json)));
        Assert.True(line.IsEvent, line.Error);
        Assert.Equal(new DateTimeOffset(2024, 5, 29, 8, 0, 0, 123, TimeSpan.Zero).ToUnixTimeMilliseconds(), line.Event.TimestampMs);
    }
}
