using System.Globalization;
using System.Text.Json;
using Vigil.Core.Engine;
using Vigil.Server.Ingestion;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// What a verified SET does (issue 16, item 3). Sessions and device posture go into the engine as telemetry, through
/// the journal like any ingested event (so they are replayed after a crash): CAEP session-revoked is a sign-out with
/// action <c>session-revoked</c>, which keeps the session as revoked (its later use is VG1402, a replay);
/// device-compliance-change is a posture report. An identity provider's risk level, credential changes and RISC
/// account events are held by <see cref="ExternalSignals"/> and become the factors VG1904 to VG1906. Verification and
/// stream-updated change the stream. Every other event type is acknowledged and ignored.
/// </summary>
internal sealed partial class SsfReceiver
{
    private const string Caep = "https://schemas.openid.net/secevent/caep/event-type/";
    private const string Risc = "https://schemas.openid.net/secevent/risc/event-type/";

    private async Task<ReceiveOutcome> ApplyAsync(ReceiverStream stream, SetVerification set, long now, CancellationToken cancellation)
    {
        string type = set.EventType!;
        var body = set.Claims.GetProperty("events").GetProperty(type);
        if (type == SsfEventTypes.Verification)
        {
            string? state = body.TryGetProperty("state", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            bool match = state is not null && state == stream.VerificationState;
            if (!match)
            {
                SsfLog.ReceiverWrongState(_logger, stream.Id); // a verification we did not ask for proves nothing: the stream stays unverified
            }

            Update(stream.Id, x => x with { Verified = x.Verified || match });
            return ReceiveOutcome.Applied with { EventType = type };
        }

        if (type == SsfEventTypes.StreamUpdated)
        {
            string? status = body.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (status is "enabled" or "paused" or "disabled")
            {
                Update(stream.Id, x => x with { TransmitterStatus = status });
            }

            return ReceiveOutcome.Applied with { EventType = type };
        }

        var subject = ReceivedSubject.Of(set.Claims, body);
        if (subject.Identity is null)
        {
            // Nothing in Vigil to apply it to (a device-only or proprietary subject): acknowledged, so it is not sent again.
            SsfLog.ReceiverNoIdentity(_logger, stream.Id, type);
            return ReceiveOutcome.Applied with { EventType = type };
        }

        string tenant = subject.Tenant ?? stream.Tenant ?? _options.Engine.DefaultTenant;
        string jti = set.Jti!;
        switch (type)
        {
            case Caep + "session-revoked":
                return await IngestAsync(stream, type, jti, now, subject, tenant, w =>
                {
                    w.WriteString("action", VigilEngine.RevokedSessionAction);
                }, null, cancellation).ConfigureAwait(false);
            case Caep + "device-compliance-change":
                string? current = body.TryGetProperty("current_status", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                if (subject.Device is null || current is not ("compliant" or "not-compliant"))
                {
                    return ReceiveOutcome.Refused("invalid_request", "device-compliance-change needs a complex sub_id with a device and current_status compliant or not-compliant");
                }

                return await IngestAsync(stream, type, jti, now, subject, tenant, w => w.WriteString("action", "device-posture"),
                    w => w.WriteBoolean("device_compliant", current == "compliant"), cancellation).ConfigureAwait(false);
            case Caep + "risk-level-change":
                string? principal = body.TryGetProperty("principal", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                string? level = body.TryGetProperty("current_level", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
                int risk = level?.ToUpperInvariant() switch { "LOW" => 0, "MEDIUM" => 1, "HIGH" => 2, _ => -1 };
                if (risk < 0)
                {
                    return ReceiveOutcome.Refused("invalid_request", "risk-level-change current_level must be LOW, MEDIUM or HIGH");
                }

                if (principal is not null && !principal.Equals("USER", StringComparison.OrdinalIgnoreCase))
                {
                    return ReceiveOutcome.Applied with { EventType = type }; // a device's or tenant's level is not an identity's
                }

                return Signal(stream, type, tenant, subject.Identity, x => x with { RiskLevel = risk, RiskIssuer = risk > 0 ? stream.Issuer : null });
            case Caep + "credential-change" or Risc + "account-credential-change-required" or Risc + "recovery-activated"
                or Risc + "recovery-information-changed" or Risc + "identifier-changed" or Risc + "identifier-recycled":
                return Signal(stream, type, tenant, subject.Identity, x => x with { CredentialChangedMs = now, CredentialIssuer = stream.Issuer });
            case Risc + "account-disabled" or Risc + "account-purged" or Risc + "credential-compromise":
                return Signal(stream, type, tenant, subject.Identity, x => x with { AccountCompromised = true, AccountIssuer = stream.Issuer });
            case Risc + "account-enabled":
                return Signal(stream, type, tenant, subject.Identity, x => x with { AccountCompromised = false, AccountIssuer = null });
            default:
                return ReceiveOutcome.Applied with { EventType = type };
        }
    }

    private ReceiveOutcome Signal(ReceiverStream stream, string type, string tenant, string identity, Func<ExternalSignal, ExternalSignal> change)
    {
        if (!_signals.Update(tenant, identity, change))
        {
            SsfLog.ReceiverSignalsFull(_logger, stream.Id, _settings.MaxExternalSubjects);
            return ReceiveOutcome.Later($"Vigil holds external signals for {_settings.MaxExternalSubjects} identities already");
        }

        SsfLog.ReceiverApplied(_logger, stream.Id, type);
        Reevaluate(stream, type, tenant, identity);
        return ReceiveOutcome.Applied with { EventType = type };
    }

    /// <summary>The identity's risk changed: its recent sessions are decided again (continuous re-evaluation, docs/ssf.md).</summary>
    private void Reevaluate(ReceiverStream stream, string type, string tenant, string identity) =>
        _watcher.Reevaluate(tenant, identity, $"{stream.Issuer} sent {type[(type.LastIndexOf('/') + 1)..]}");

    /// <summary>Writes the event as one ECS line and sends it through the ingestion path (journal first, then the engine's writer).</summary>
    private async Task<ReceiveOutcome> IngestAsync(ReceiverStream stream, string type, string jti, long now, ReceivedSubject subject, string tenant,
        Action<Utf8JsonWriter> writeEvent, Action<Utf8JsonWriter>? writeLabels, CancellationToken cancellation)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("@timestamp", DateTimeOffset.FromUnixTimeMilliseconds(now).ToString("O", CultureInfo.InvariantCulture));
            w.WriteStartObject("event");
            w.WriteString("id", "ssf:" + stream.Id + ":" + jti); // the journal's idempotence key
            writeEvent(w);
            w.WriteEndObject();
            w.WriteStartObject("user");
            w.WriteString("id", subject.Identity);
            w.WriteEndObject();
            if (subject.Device is not null)
            {
                w.WriteStartObject("device");
                w.WriteString("id", subject.Device);
                w.WriteEndObject();
            }

            w.WriteStartObject("labels");
            w.WriteString("tenant", tenant);
            if (subject.Session is not null)
            {
                w.WriteString("session_id", subject.Session);
            }

            writeLabels?.Invoke(w);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        var batch = IngestParser.Parse(buffer.ToArray(), 1, null, lines: true, out _, _engine.AdmitIngested);
        if (batch.Events.Count == 0)
        {
            string error = batch.Errors.Count > 0 ? batch.Errors[0].Error : "not admitted";
            SsfLog.ReceiverRefused(_logger, stream.Id, "invalid_request", error);
            return ReceiveOutcome.Refused("invalid_request", "the event could not be applied: " + error);
        }

        if (!_engine.TryReserve(1))
        {
            return ReceiveOutcome.Later("the engine is behind");
        }

        cancellation.ThrowIfCancellationRequested();
        await _engine.AppendEventsAsync(batch.Appends, batch.Events).ConfigureAwait(false);
        SsfLog.ReceiverApplied(_logger, stream.Id, type);
        Reevaluate(stream, type, tenant, subject.Identity!);
        return ReceiveOutcome.Applied with { EventType = type };
    }

    internal void Update(string id, Func<ReceiverStream, ReceiverStream> change)
    {
        lock (_configureGate)
        {
            if (_streams.TryGetValue(id, out var current))
            {
                var next = change(current);
                _streams[id] = next;
                _store.Save(next);
            }
        }
    }
}
