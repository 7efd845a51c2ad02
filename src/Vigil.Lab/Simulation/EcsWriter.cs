using System.Buffers;
using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Vigil.Lab.Simulation;

/// <summary>
/// Writes <see cref="SimEvent"/>s as ECS NDJSON (one nested object per line) straight into a byte buffer with
/// <see cref="Utf8JsonWriter"/>; property names and world strings are pre-encoded, numbers and addresses are
/// formatted into stack buffers, so a written event allocates nothing.
/// </summary>
internal sealed partial class EcsWriter : IDisposable
{
    /// <summary>All simulated text is ASCII; relaxed escaping keeps user agents readable (no \u002B for '+').</summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private const int FlushThreshold = 1 << 20;
    private readonly Stream _stream;
    private readonly NdjsonBuffer _buffer = new(FlushThreshold + (64 * 1024));
    private readonly Utf8JsonWriter _json;
    private readonly JsonEncodedText _tenant;
    private readonly byte[] _datePrefix = new byte[11];
    private long _cachedDay = long.MinValue;

    public EcsWriter(Stream stream, string tenant)
    {
        _stream = stream;
        _tenant = JsonEncodedText.Encode(tenant, Encoder);
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = Encoder, SkipValidation = true });
    }

    public void Write(in SimEvent e, long eventNumber)
    {
        var w = _json;
        w.WriteStartObject();
        Span<byte> scratch = stackalloc byte[32];
        w.WriteString(PTimestamp, FormatTimestamp(e.Ms, scratch));

        w.WriteStartObject(PEvent);
        "sim-"u8.CopyTo(scratch);
        Utf8Formatter.TryFormat(eventNumber, scratch[4..], out var n, new StandardFormat('D', 12));
        w.WriteString(PId, scratch[..(4 + n)]);
        w.WriteString(PKind, VEvent);
        WriteCategoryAndType(w, in e);
        w.WriteString(PAction, ActionNames[(int)e.Action]);
        w.WriteString(POutcome, OutcomeNames[(int)e.Outcome]);
        w.WriteEndObject();

        w.WritePropertyName(PUser);
        w.WriteRawValue(e.Identity.UserJson, skipInputValidation: true);

        WriteSource(w, in e, scratch);
        if (e.BytesDown > 0)
        {
            w.WriteStartObject(PDestination);
            w.WriteNumber(PBytes, e.BytesDown);
            w.WriteEndObject();
        }

        if (e.UserAgent is { } ua)
        {
            w.WriteStartObject(PUserAgent);
            w.WriteString(POriginal, ua);
            w.WriteEndObject();
        }

        if (e.Device is { } device)
        {
            w.WritePropertyName(PHost);
            w.WriteRawValue(device.HostJson, skipInputValidation: true);
        }

        WriteResource(w, in e);
        WriteText(w, in e, eventNumber);
        WriteLabels(w, in e, scratch);
        w.WriteEndObject();
        w.Flush();
        w.Reset();
        _buffer.WriteByte((byte)'\n');
        if (_buffer.Length >= FlushThreshold)
        {
            _buffer.CopyTo(_stream);
        }
    }

    /// <summary>Free text: an agent's task and tool call (OpenTelemetry GenAI conventions), an identity provider's failure message.</summary>
    private static void WriteText(Utf8JsonWriter w, in SimEvent e, long eventNumber)
    {
        if (e.FailureReason != FailureReason.None)
        {
            var wordings = FailureMessages[(int)e.FailureReason];
            w.WriteString(PMessage, wordings[(int)(eventNumber % wordings.Length)]);
        }

        if (e.AgentTask is null && e.ToolName is null)
        {
            return;
        }

        w.WriteStartObject(PGenAi);
        if (e.AgentTask is { } task)
        {
            w.WriteStartObject(PAgent);
            w.WriteString(PDescription, task);
            w.WriteEndObject();
        }

        if (e.ToolName is { } tool)
        {
            w.WriteStartObject(PTool);
            w.WriteString(PName, tool);
            if (e.ToolArguments is { } args)
            {
                w.WriteStartObject(PCall);
                w.WriteString(PArguments, args);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>Renders a constant JSON object once (identity, AS, city, device) so events copy it as raw bytes.</summary>
    public static byte[] Render(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Encoder }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public void Flush()
    {
        _buffer.CopyTo(_stream);
        _stream.Flush();
    }

    public void Dispose() => _json.Dispose();

    private static void WriteCategoryAndType(Utf8JsonWriter w, in SimEvent e)
    {
        var (category, type) = e.Action switch
        {
            EventAction.SignIn => (CatAuthentication, TypeStart),
            EventAction.Mfa => (CatAuthentication, TypeInfo),
            EventAction.TokenUse => (CatSession, TypeInfo),
            EventAction.ResourceAccess => (e.Resource!.Kind switch
            {
                ResourceKind.Database => CatDatabase,
                ResourceKind.FileShare => CatFile,
                _ => CatWeb,
            }, TypeAccess),
            EventAction.ApiCall => (CatWeb, TypeAccess),
            EventAction.DevicePosture => (CatHost, TypeInfo),
            EventAction.PrivilegeChange => (CatIam, TypeChange),
            _ => (CatSession, TypeEnd),
        };
        w.WriteStartArray(PCategory);
        w.WriteStringValue(category);
        w.WriteEndArray();
        w.WriteStartArray(PType);
        w.WriteStringValue(type);
        w.WriteEndArray();
    }

    private static void WriteSource(Utf8JsonWriter w, in SimEvent e, Span<byte> scratch)
    {
        var block = e.Network;
        w.WriteStartObject(PSource);
        w.WriteString(PIp, FormatIp(e.Ip, scratch));
        w.WritePropertyName(PAs);
        w.WriteRawValue(block.Owner.AsJson, skipInputValidation: true);
        w.WritePropertyName(PGeo);
        w.WriteRawValue(block.City.GeoJson, skipInputValidation: true);
        if (e.BytesUp > 0)
        {
            w.WriteNumber(PBytes, e.BytesUp);
        }

        w.WriteEndObject();
    }

    private static void WriteResource(Utf8JsonWriter w, in SimEvent e)
    {
        if (e.Resource is not { } r)
        {
            return;
        }

        if (e.Action == EventAction.ApiCall || r.Kind is ResourceKind.Database or ResourceKind.Api or ResourceKind.AgentTool)
        {
            w.WriteStartObject(PService);
            w.WriteString(PName, r.EncodedServiceName);
            w.WriteEndObject();
        }

        if (r.Kind == ResourceKind.FileShare && e.Action == EventAction.ResourceAccess)
        {
            w.WriteStartObject(PFile);
            w.WriteString(PPath, r.EncodedPath);
            w.WriteEndObject();
        }
        else if (r.Kind != ResourceKind.Database || e.Action == EventAction.ApiCall)
        {
            w.WriteStartObject(PUrl);
            w.WriteString(PDomain, r.EncodedDomain);
            w.WriteString(PPath, r.EncodedPath);
            w.WriteEndObject();
        }

        if (e.Action == EventAction.ApiCall)
        {
            w.WriteStartObject(PHttp);
            w.WriteStartObject(PRequest);
            w.WriteString(PMethod, VerbNames[(int)e.HttpVerb]);
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }

    private void WriteLabels(Utf8JsonWriter w, in SimEvent e, Span<byte> scratch)
    {
        var id = e.Identity;
        w.WriteStartObject(PLabels);
        w.WriteString(LIdentityKind, id.EncodedKind);
        if (id.Exists)
        {
            w.WriteString(LDepartment, id.EncodedDepartment);
            w.WriteString(LPeerGroup, id.EncodedPeerGroup);
            if (id.Manager is { } manager)
            {
                w.WriteString(LManagerId, manager.EncodedId);
            }
        }

        w.WriteString(LTenant, _tenant);
        if (e.SessionId != 0)
        {
            w.WriteString(LSessionId, FormatHex("s-"u8, e.SessionId, scratch));
        }

        if (e.TokenId != 0)
        {
            w.WriteString(LTokenId, FormatHex("t-"u8, e.TokenId, scratch));
        }

        if (e.AuthMethod != AuthMethod.None)
        {
            w.WriteString(LAuthMethod, AuthNames[(int)e.AuthMethod]);
        }

        if (e.FailureReason != FailureReason.None)
        {
            w.WriteString(LFailureReason, FailureNames[(int)e.FailureReason]);
        }

        if (e.Action == EventAction.Mfa)
        {
            w.WriteString(LMfaMethod, MfaMethodNames[(int)e.MfaMethod]);
            w.WriteString(LMfaResult, MfaResultNames[(int)e.MfaResult]);
        }

        if (e.Resource is { } r)
        {
            w.WriteString(LResourceId, r.EncodedId);
            w.WriteString(LResourceSensitivity, r.EncodedSensitivity);
            w.WriteString(LResourceAction, ResourceActionNames[(int)e.ResourceAction]);
        }

        if (e.Action == EventAction.DevicePosture)
        {
            w.WriteString(LDeviceCompliant, e.DeviceCompliant ? VTrue : VFalse);
            w.WriteString(LDeviceManaged, e.Device is { Managed: true } ? VTrue : VFalse);
        }

        if (e.Privilege is { } privilege)
        {
            w.WriteString(LPrivilege, privilege);
        }

        if (e.Actor is { } actor)
        {
            w.WriteString(LActorId, actor.EncodedId);
        }

        if (e.OnBehalfOf is { } principal)
        {
            w.WriteString(LOnBehalfOf, principal.EncodedId);
        }

        if (e.CredentialId is { } credential)
        {
            w.WriteString(LCredentialId, credential);
        }

        if (e.Campaign is { } campaign)
        {
            w.WriteString(LAttackType, campaign.EncodedType);
            w.WriteString(LAttackId, campaign.EncodedId);
        }

        w.WriteEndObject();
    }

    private ReadOnlySpan<byte> FormatTimestamp(long ms, Span<byte> dest)
    {
        var day = Math.DivRem(ms, 86_400_000L, out var rem);
        if (day != _cachedDay)
        {
            _cachedDay = day;
            var date = DateOnly.FromDayNumber((int)(day + 719_162)); // days from 0001-01-01 to 1970-01-01
            Utf8Formatter.TryFormat(date.Year, _datePrefix, out _, new StandardFormat('D', 4));
            _datePrefix[4] = (byte)'-';
            Two(date.Month, _datePrefix.AsSpan(5));
            _datePrefix[7] = (byte)'-';
            Two(date.Day, _datePrefix.AsSpan(8));
            _datePrefix[10] = (byte)'T';
        }

        _datePrefix.CopyTo(dest);
        var msOfDay = (int)rem;
        Two(msOfDay / 3_600_000, dest[11..]);
        dest[13] = (byte)':';
        Two(msOfDay / 60_000 % 60, dest[14..]);
        dest[16] = (byte)':';
        Two(msOfDay / 1000 % 60, dest[17..]);
        dest[19] = (byte)'.';
        var milli = msOfDay % 1000;
        dest[20] = (byte)('0' + (milli / 100));
        dest[21] = (byte)('0' + (milli / 10 % 10));
        dest[22] = (byte)('0' + (milli % 10));
        dest[23] = (byte)'Z';
        return dest[..24];

        static void Two(int value, Span<byte> d)
        {
            d[0] = (byte)('0' + (value / 10));
            d[1] = (byte)('0' + (value % 10));
        }
    }

    private static ReadOnlySpan<byte> FormatIp(uint ip, Span<byte> dest)
    {
        var pos = 0;
        for (var shift = 24; shift >= 0; shift -= 8)
        {
            Utf8Formatter.TryFormat((ip >> shift) & 255, dest[pos..], out var written);
            pos += written;
            if (shift > 0)
            {
                dest[pos++] = (byte)'.';
            }
        }

        return dest[..pos];
    }

    private static ReadOnlySpan<byte> FormatHex(ReadOnlySpan<byte> prefix, ulong value, Span<byte> dest)
    {
        prefix.CopyTo(dest);
        Utf8Formatter.TryFormat(value, dest[prefix.Length..], out var written, new StandardFormat('x', 16));
        return dest[..(prefix.Length + written)];
    }
}
