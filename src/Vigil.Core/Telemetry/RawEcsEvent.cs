using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Vigil.Core.Telemetry;

/// <summary>The values of one event as read, before they are checked and turned into a <see cref="TelemetryEvent"/>.</summary>
internal sealed class RawEcsEvent
{
    private readonly string?[] _strings = new string?[Enum.GetValues<EcsField>().Length];
    private readonly List<string> _categories = [];
    private readonly List<string> _types = [];
    private readonly List<string> _roles = [];
    private double? _latitude;
    private double? _longitude;
    private long? _timestampMs;
    private string? _timestampText;
    private long? _createdMs;
    private string? _createdText;
    private long? _asNumber;
    private long? _bytesOut;
    private long? _bytesIn;
    private long? _fileSize;
    private bool? _compliant;
    private bool? _managed;

    public void Clear()
    {
        Array.Clear(_strings);
        _categories.Clear();
        _types.Clear();
        _roles.Clear();
        _latitude = _longitude = null;
        _timestampMs = _createdMs = null;
        _timestampText = _createdText = null;
        _asNumber = _bytesOut = _bytesIn = _fileSize = null;
        _compliant = _managed = null;
    }

    public void Set(EcsField field, ref Utf8JsonReader reader)
    {
        switch (field)
        {
            case EcsField.Timestamp:
                (_timestampMs, _timestampText) = ReadTimestamp(ref reader);
                return;
            case EcsField.EventCreated:
                (_createdMs, _createdText) = ReadTimestamp(ref reader);
                return;
            case EcsField.Category: AddString(_categories, ref reader); return;
            case EcsField.Type: AddString(_types, ref reader); return;
            case EcsField.UserRoles: AddString(_roles, ref reader); return;
            case EcsField.Latitude: _latitude = ReadDouble(ref reader); return;
            case EcsField.Longitude: _longitude = ReadDouble(ref reader); return;
            case EcsField.AsNumber: _asNumber = ReadLong(ref reader); return;
            case EcsField.BytesOut: _bytesOut = ReadLong(ref reader); return;
            case EcsField.BytesIn: _bytesIn = ReadLong(ref reader); return;
            case EcsField.FileSize: _fileSize = ReadLong(ref reader); return;
            case EcsField.DeviceCompliant: _compliant = ReadBool(ref reader); return;
            case EcsField.DeviceManaged: _managed = ReadBool(ref reader); return;
            default:
                if (_strings[(int)field] is null)
                {
                    _strings[(int)field] = ReadText(ref reader);
                }

                return;
        }
    }

    /// <summary>Reads an array value (the reader is on its start): scalars in order, nested objects and arrays skipped.</summary>
    public void SetArray(EcsField field, ref Utf8JsonReader reader)
    {
        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
            else if (field == EcsField.Location && reader.TokenType == JsonTokenType.Number)
            {
                // GeoJSON order: [lon, lat].
                Set(index == 0 ? EcsField.Longitude : EcsField.Latitude, ref reader);
            }
            else
            {
                Set(field, ref reader);
            }

            index++;
        }
    }

    public bool TryBuild(out TelemetryEvent result, out string? error)
    {
        result = default;
        // @timestamp is when it happened; event.created (when a pipeline saw it) only stands in when it is absent.
        if (_timestampMs is null && _timestampText is null)
        {
            (_timestampMs, _timestampText) = (_createdMs, _createdText);
        }

        if (_timestampMs is null)
        {
            error = _timestampText is null
                ? "missing @timestamp"
                : $"@timestamp '{Truncate(_timestampText)}' is not an ISO 8601 date-time or Unix milliseconds";
            return false;
        }

        string? subject = Get(EcsField.UserId) ?? Get(EcsField.UserName) ?? Get(EcsField.UserEmail);
        if (string.IsNullOrWhiteSpace(subject))
        {
            error = "missing subject: none of user.id, user.name or user.email is set";
            return false;
        }

        IPAddress? ip = null;
        string? ipText = Get(EcsField.SourceIp);
        if (ipText is not null && !IPAddress.TryParse(ipText, out ip))
        {
            error = $"source.ip '{Truncate(ipText)}' is not an IP address";
            return false;
        }

        string? action = Get(EcsField.Action);
        var kind = EventKindVocabulary.FromAction(action);
        if (kind == EventKind.Other)
        {
            kind = EventKindVocabulary.FromCategories(_categories, _types);
        }

        GeoPoint? location = null;
        if (_latitude is double lat && _longitude is double lon && lat is >= -90 and <= 90 && lon is >= -180 and <= 180)
        {
            location = new GeoPoint(lat, lon);
        }
        else if (Get(EcsField.Location) is string latLon && TryParseLatLon(latLon, out var point))
        {
            location = point;
        }

        var (browser, browserMajor) = SplitBrowser(Get(EcsField.UserAgentName), Get(EcsField.UserAgentVersion));

        var outcome = ParseOutcome(Get(EcsField.Outcome));
        result = new TelemetryEvent
        {
            Id = Get(EcsField.EventId),
            TimestampMs = _timestampMs.Value,
            Kind = kind,
            Outcome = outcome,
            Action = action,
            SubjectId = subject,
            SubjectName = Get(EcsField.UserName),
            SubjectEmail = Get(EcsField.UserEmail),
            IdentityKind = ParseIdentityKind(Get(EcsField.IdentityKind)),
            SubjectType = Get(EcsField.IdentityKind),
            Roles = _roles.Count > 0 ? [.. _roles] : null,
            Group = Get(EcsField.UserGroup),
            Department = Get(EcsField.Department),
            PeerGroup = Get(EcsField.PeerGroup),
            Tenant = Get(EcsField.Tenant),
            OnBehalfOf = Get(EcsField.OnBehalfOf),
            SourceIp = ip,
            AsNumber = _asNumber is > 0 and <= uint.MaxValue ? (uint)_asNumber.Value : 0,
            AsOrganization = Get(EcsField.AsOrganization),
            Country = Get(EcsField.Country),
            City = Get(EcsField.City),
            Location = location,
            UserAgent = Get(EcsField.UserAgent),
            Browser = browser,
            BrowserMajor = browserMajor,
            OperatingSystem = Get(EcsField.OsName),
            DeviceType = Get(EcsField.DeviceName),
            DeviceId = Get(EcsField.DeviceId),
            DeviceCompliant = _compliant,
            DeviceManaged = _managed,
            SessionId = Get(EcsField.SessionId),
            TokenId = Get(EcsField.TokenId),
            AuthMethod = Lower(Get(EcsField.AuthMethod)),
            MfaMethod = Lower(Get(EcsField.MfaMethod)),
            MfaResult = MfaResultOf(kind, Get(EcsField.MfaResult), outcome),
            FailureReason = Lower(Get(EcsField.FailureReason)),
            ResourceId = ResourceIdentity(),
            ResourceType = Get(EcsField.ResourceType),
            Acr = Lower(Get(EcsField.Acr)),
            // As written: AuthZEN action names are case-sensitive strings and a policy's `GET` must match a request's
            // `GET` (issue 11, AuthZEN conformance). Baselines fold case themselves (FeatureExtractor).
            ResourceAction = Get(EcsField.ResourceAction) ?? Get(EcsField.HttpMethod),
            Sensitivity = ParseSensitivity(Get(EcsField.Sensitivity)),
            BytesOut = Math.Max(0, _bytesOut ?? _fileSize ?? 0),
            BytesIn = Math.Max(0, _bytesIn ?? 0),
            Privilege = Get(EcsField.Privilege),
            AgentTask = Get(EcsField.AgentTask),
            ToolName = Get(EcsField.ToolName),
            ToolArguments = Get(EcsField.ToolArguments),
            Message = Get(EcsField.Message),
            CommandLine = Get(EcsField.CommandLine),
            UrlPath = Get(EcsField.UrlPath),
            AttackType = Get(EcsField.AttackType),
            AttackId = Get(EcsField.AttackId),
        };
        error = null;
        return true;
    }

    private string? Get(EcsField field) => _strings[(int)field];

    private string? ResourceIdentity()
    {
        if (Get(EcsField.ResourceId) is string id)
        {
            return id;
        }

        if (Get(EcsField.UrlDomain) is string domain)
        {
            return Get(EcsField.UrlPath) is string urlPath ? domain + urlPath : domain;
        }

        // Host-to-host events (issue 14): a network or authentication event names the host reached in destination.*;
        // a logon recorded on the host itself (Windows 4624, sshd: it carries a logon type) names it in host.name,
        // which on an identity provider's event is the client's machine instead, so it is read only then.
        return Get(EcsField.ServiceName) ?? Get(EcsField.FilePath) ?? Get(EcsField.UrlPath)
            ?? Get(EcsField.DestinationDomain) ?? Get(EcsField.DestinationAddress)
            ?? (Get(EcsField.LogonType) is not null ? Get(EcsField.HostName) : null);
    }

    /// <summary>A date-time as Unix milliseconds, or the text that could not be read as one.</summary>
    private static (long? Ms, string? Text) ReadTimestamp(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long ms))
        {
            return (ms, null);
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return (null, reader.TokenType.ToString());
        }

        // Text without an offset is UTC, never the host's zone: the same journal must replay the same on every host.
        // (Utf8JsonReader.TryGetDateTimeOffset would apply the local offset to it.)
        if (reader.TryGetDateTime(out var written))
        {
            if (written.Kind != DateTimeKind.Local)
            {
                return (new DateTimeOffset(DateTime.SpecifyKind(written, DateTimeKind.Utc)).ToUnixTimeMilliseconds(), null);
            }

            if (reader.TryGetDateTimeOffset(out var withOffset))
            {
                return (withOffset.ToUnixTimeMilliseconds(), null); // an explicit offset, taken exactly
            }
        }

        DateTimeOffset parsed;
        string text = reader.GetString() ?? string.Empty;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out parsed))
        {
            return (parsed.ToUnixTimeMilliseconds(), null);
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ms) ? (ms, null) : (null, text);
    }

    private static void AddString(List<string> list, ref Utf8JsonReader reader)
    {
        if (ReadText(ref reader) is string value && list.Count < 64)
        {
            list.Add(value);
        }
    }

    private static string? ReadText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString() is { Length: > 0 } s ? s : null,
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => null,
    };

    private static double? ReadDouble(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double d))
        {
            return d;
        }

        return reader.TokenType == JsonTokenType.String
            && double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) ? d : null;
    }

    private static long? ReadLong(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out long l))
            {
                return l;
            }

            return reader.TryGetDouble(out double d) && d is >= 0 and < long.MaxValue ? (long)d : null;
        }

        return reader.TokenType == JsonTokenType.String
            && long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : null;
    }

    private static bool? ReadBool(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.String => reader.GetString()?.ToUpperInvariant() switch
        {
            "TRUE" or "YES" or "1" => true,
            "FALSE" or "NO" or "0" => false,
            _ => null,
        },
        JsonTokenType.Number => reader.TryGetInt32(out int i) ? i != 0 : null,
        _ => null,
    };

    private static bool TryParseLatLon(string text, out GeoPoint point)
    {
        point = default;
        int comma = text.IndexOf(',', StringComparison.Ordinal);
        if (comma <= 0
            || !double.TryParse(text.AsSpan(0, comma), NumberStyles.Float, CultureInfo.InvariantCulture, out double lat)
            || !double.TryParse(text.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double lon)
            || lat is < -90 or > 90 || lon is < -180 or > 180)
        {
            return false;
        }

        point = new GeoPoint(lat, lon);
        return true;
    }

    private static (string? Name, int Major) SplitBrowser(string? name, string? version)
    {
        int major = 0;
        if (version is not null)
        {
            int dot = version.IndexOf('.', StringComparison.Ordinal);
            _ = int.TryParse(dot > 0 ? version.AsSpan(0, dot) : version.AsSpan(), NumberStyles.None, CultureInfo.InvariantCulture, out major);
        }

        return (name, major);
    }

    private static string? Lower(string? value) => value?.ToLowerInvariant();

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "...";

    private static EventOutcome ParseOutcome(string? value) => value?.ToUpperInvariant() switch
    {
        "SUCCESS" or "SUCCEEDED" or "ALLOWED" => EventOutcome.Success,
        "FAILURE" or "FAILED" or "DENIED" => EventOutcome.Failure,
        _ => EventOutcome.Unknown,
    };

    private static IdentityKind ParseIdentityKind(string? value) => value?.ToUpperInvariant() switch
    {
        "WORKLOAD" or "SERVICE" or "SERVICE_PRINCIPAL" or "API_KEY" or "SPIFFE" => IdentityKind.Workload,
        "AGENT" or "AI_AGENT" => IdentityKind.Agent,
        _ => IdentityKind.Human,
    };

    /// <summary>
    /// The explicit <c>labels.mfa_result</c> when given; otherwise, for an MFA event, its <c>event.outcome</c>, which
    /// is how identity providers write the result of a prompt (a success is an approval, a failure a denial).
    /// </summary>
    private static MfaResult MfaResultOf(EventKind kind, string? explicitResult, EventOutcome outcome)
    {
        var result = ParseMfaResult(explicitResult);
        if (result != MfaResult.None || kind != EventKind.Mfa)
        {
            return result;
        }

        return outcome switch
        {
            EventOutcome.Success => MfaResult.Approved,
            EventOutcome.Failure => MfaResult.Denied,
            _ => MfaResult.None,
        };
    }

    private static MfaResult ParseMfaResult(string? value) => value?.ToUpperInvariant() switch
    {
        "SENT" or "PUSHED" or "CHALLENGED" => MfaResult.Sent,
        "APPROVED" or "SUCCESS" or "ACCEPTED" => MfaResult.Approved,
        "DENIED" or "REJECTED" or "FAILURE" => MfaResult.Denied,
        "TIMEOUT" or "TIMED_OUT" or "EXPIRED" or "IGNORED" => MfaResult.TimedOut,
        _ => MfaResult.None,
    };

    /// <summary>A sensitivity name as written by sources and policy data (low/public ... critical/restricted/secret).</summary>
    internal static Sensitivity ParseSensitivity(string? value) => value?.ToUpperInvariant() switch
    {
        "LOW" or "PUBLIC" => Sensitivity.Low,
        "MEDIUM" or "INTERNAL" => Sensitivity.Medium,
        "HIGH" or "CONFIDENTIAL" => Sensitivity.High,
        "CRITICAL" or "RESTRICTED" or "SECRET" => Sensitivity.Critical,
        _ => Sensitivity.Unspecified,
    };
}
