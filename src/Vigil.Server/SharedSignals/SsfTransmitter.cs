using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vigil.Server.Authzen;

namespace Vigil.Server.SharedSignals;

/// <summary>
/// Turns what Vigil learns into SETs: one signed SET per matching stream (its <c>aud</c>), written to the durable
/// outbox, then the push worker and long polls are woken. A stream matches when it is not disabled, delivers the
/// event type, and has not removed the subject (default_subjects ALL, SSF 1.0 section 7.1).
/// </summary>
internal sealed class SsfTransmitter(SsfDatabase database, SsfKeyRing keys, SsfSettings settings, SsfSignal signal, ServerOptions options, ILogger<SsfTransmitter> logger)
{
    /// <summary>The issuer: <c>--public-base-url</c> (or the listen URL); SETs, discovery and endpoint URLs all use it.</summary>
    public string Issuer { get; } = PdpMetadata.BaseUrl(options) ?? "http://localhost";

    /// <summary>The transmitter's poll endpoint for a stream (RFC 8936).</summary>
    public string PollUrl(string streamId) => Issuer + SsfEndpoints.PollPath + "/" + Uri.EscapeDataString(streamId);

    /// <summary>
    /// Queues <paramref name="eventType"/> about <paramref name="subject"/>, an identity of <paramref name="tenant"/>
    /// (null: the default tenant), for every matching stream (or only <paramref name="onlyStream"/>); returns how many
    /// SETs were queued. A stream of a receiver bound to a tenant gets only that tenant's identities.
    /// </summary>
    public int Emit(string eventType, SubjectId subject, string? tenant, string? txn, Action<Utf8JsonWriter>? body, SsfStream? onlyStream = null)
    {
        string identityTenant = tenant ?? options.Engine.DefaultTenant;
        IReadOnlyList<SsfStream> streams = onlyStream is null ? database.AllStreams() : [onlyStream];
        int queued = 0;
        long iat = options.Time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var stream in streams)
        {
            if (stream.Status == StreamStatus.Disabled || !stream.Delivers(eventType)
                || (!SsfEventTypes.IsControl(eventType) && ((stream.Tenant is { } only && !string.Equals(only, identityTenant, StringComparison.Ordinal))
                    || database.IsExcluded(stream.StreamId, subject.Key) || (subject.UserKey is { } user && database.IsExcluded(stream.StreamId, user)))))
            {
                continue;
            }

            string jti = SecurityEventToken.NewId();
            string token = SecurityEventToken.Sign(keys.Current(), Issuer, stream.Audience, jti, iat, txn, subject, eventType, body);
            if (database.Enqueue(stream.StreamId, jti, token, SsfEventTypes.IsControl(eventType), settings.MaxQueuedPerStream))
            {
                queued++;
                SsfLog.Queued(logger, eventType, stream.StreamId, jti);
            }
            else
            {
                SsfLog.QueueFull(logger, stream.StreamId, eventType, settings.MaxQueuedPerStream);
            }
        }

        if (queued > 0)
        {
            signal.Pulse();
        }

        return queued;
    }

    /// <summary>Whether any stream would take <paramref name="eventType"/> now: lets the engine watcher skip work nobody receives.</summary>
    public bool Wanted(string eventType)
    {
        foreach (var stream in database.AllStreams())
        {
            if (stream.Status != StreamStatus.Disabled && stream.Delivers(eventType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sets a stream's status: a disabled stream drops what it held; an enabled or paused one hears of the change by a stream-updated event (SSF 1.0 section 8.1.5).</summary>
    public SsfStream SetStatus(SsfStream stream, string status, string? reason)
    {
        var updated = stream with { Status = status, Reason = reason };
        database.SaveStream(updated);
        if (status == StreamStatus.Disabled)
        {
            database.ClearQueued(stream.StreamId);
        }
        else if (status != stream.Status)
        {
            Emit(SsfEventTypes.StreamUpdated, SubjectId.ForStream(stream.StreamId), null, SecurityEventToken.NewId(), w =>
            {
                w.WriteString("status", status);
                if (reason is not null)
                {
                    w.WriteString("reason", reason);
                }
            }, updated);
        }

        SsfLog.StatusChanged(logger, stream.StreamId, stream.Status, status);
        signal.Pulse(); // a resumed stream's held SETs go now
        return updated;
    }

    /// <summary>Queues a verification event carrying the receiver's <paramref name="state"/> (SSF 1.0 section 8.1.4.2).</summary>
    public void Verify(SsfStream stream, string? state) =>
        Emit(SsfEventTypes.Verification, SubjectId.ForStream(stream.StreamId), null, null, state is null ? null : w => w.WriteString("state", state), stream);
}
