using System.Text.Json;
using Vigil.Core.Decisions;

namespace Vigil.Server.Authzen;

/// <summary>
/// The canonical decision record: UTF-8 JSON in a fixed field order, hashed into the audit chain as written.
/// It holds ids, the outcome and the reasons' codes; no IP address, user agent or other personal data beyond the
/// subject id the decision is about.
/// </summary>
internal static class AuditRecordWriter
{
    [ThreadStatic]
    private static System.Buffers.ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The record's bytes, valid until the next call on this thread (the audit writer copies them at once).</summary>
    public static ReadOnlyMemory<byte> Write(in EvaluationResult r, AuthzenEvaluation ev, string? requestId)
    {
        var buffer = t_buffer ??= new System.Buffers.ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var w = t_writer ??= new Utf8JsonWriter(buffer);
        w.Reset(buffer);
        {
            w.WriteStartObject();
            w.WriteString(Names.DecisionId, r.DecisionId);
            w.WriteNumber(Names.TimeMs, r.TimeMs);
            if (requestId is not null)
            {
                w.WriteString(Names.RequestId, requestId);
            }

            w.WriteString(Names.SubjectType, ev.Subject.Type);
            w.WriteString(Names.SubjectId, ev.Subject.Id);
            if (r.Tenant is not null)
            {
                w.WriteString(Names.Tenant, r.Tenant); // absent: the default tenant; self-service reads only its own tenant's decisions
            }

            w.WriteString(Names.Action, ev.Action.Name);
            w.WriteString(Names.ResourceType, ev.Resource.Type);
            w.WriteString(Names.ResourceId, ev.Resource.Id);
            w.WriteBoolean(Names.Observed, r.Observed);
            if (r.Observed && r.JournalSequence > 0)
            {
                // Known only when the answer waited for the journal commit (--journal-fsync); the event id links the rest.
                w.WriteNumber(Names.JournalSeq, r.JournalSequence);
            }

            if (r.EventId is not null)
            {
                w.WriteString(Names.EventId, r.EventId);
            }

            w.WriteBoolean(Names.Decision, DecisionMapper.IsPermitted(r.Decision));
            w.WriteString(Names.Outcome, DecisionMapper.OutcomeText(r.Decision.Outcome));
            w.WriteString(Names.WouldBe, DecisionMapper.OutcomeText(r.Decision.WouldBe));
            w.WriteString(Names.Mode, r.Decision.Mode == RolloutMode.Monitor ? "monitor" : "enforce");
            w.WriteNumber(Names.PolicyVersion, r.PolicyVersion);
            w.WriteNumber(Names.Score, r.Assessment.Score);
            w.WriteString(Names.Level, DecisionMapper.LevelText(r.Assessment.Level));
            w.WriteStartArray(Names.Reasons);
            for (int i = 0; i < r.Assessment.FactorCount; i++)
            {
                w.WriteStringValue(r.Assessment.Factor(i).CodeText);
            }

            w.WriteEndArray();
            if (r.Upstream is { } upstream)
            {
                WriteUpstream(w, in upstream);
            }

            w.WriteEndObject();
            w.Flush();
        }

        return buffer.WrittenMemory;
    }

    /// <summary>What the upstream PDP answered, by which rule it was combined, and how long it took (docs/integration.md).</summary>
    public static void WriteUpstream(Utf8JsonWriter w, in Composition.UpstreamAnswer upstream)
    {
        w.WriteStartObject(Names.Upstream);
        w.WriteString(Names.Combining, Composition.UpstreamAnswer.CombiningText(upstream.Combining));
        if (upstream.Permitted is bool permitted)
        {
            w.WriteBoolean(Names.Decision, permitted);
        }

        if (upstream.Error is not null)
        {
            w.WriteString(Names.Error, upstream.Error);
        }

        w.WriteNumber(Names.LatencyMs, upstream.LatencyMs);
        w.WriteEndObject();
    }

    /// <summary>Property names encoded once (the record is written for every decision).</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Action = JsonEncodedText.Encode("action");
        public static readonly JsonEncodedText Combining = JsonEncodedText.Encode("combining");
        public static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
        public static readonly JsonEncodedText LatencyMs = JsonEncodedText.Encode("latency_ms");
        public static readonly JsonEncodedText Upstream = JsonEncodedText.Encode("upstream");
        public static readonly JsonEncodedText Decision = JsonEncodedText.Encode("decision");
        public static readonly JsonEncodedText DecisionId = JsonEncodedText.Encode("decision_id");
        public static readonly JsonEncodedText EventId = JsonEncodedText.Encode("event_id");
        public static readonly JsonEncodedText JournalSeq = JsonEncodedText.Encode("journal_seq");
        public static readonly JsonEncodedText Level = JsonEncodedText.Encode("level");
        public static readonly JsonEncodedText Mode = JsonEncodedText.Encode("mode");
        public static readonly JsonEncodedText Observed = JsonEncodedText.Encode("observed");
        public static readonly JsonEncodedText Outcome = JsonEncodedText.Encode("outcome");
        public static readonly JsonEncodedText PolicyVersion = JsonEncodedText.Encode("policy_version");
        public static readonly JsonEncodedText Reasons = JsonEncodedText.Encode("reasons");
        public static readonly JsonEncodedText RequestId = JsonEncodedText.Encode("request_id");
        public static readonly JsonEncodedText ResourceId = JsonEncodedText.Encode("resource_id");
        public static readonly JsonEncodedText ResourceType = JsonEncodedText.Encode("resource_type");
        public static readonly JsonEncodedText Score = JsonEncodedText.Encode("score");
        public static readonly JsonEncodedText SubjectId = JsonEncodedText.Encode("subject_id");
        public static readonly JsonEncodedText Tenant = JsonEncodedText.Encode("tenant");
        public static readonly JsonEncodedText SubjectType = JsonEncodedText.Encode("subject_type");
        public static readonly JsonEncodedText TimeMs = JsonEncodedText.Encode("time_ms");
        public static readonly JsonEncodedText WouldBe = JsonEncodedText.Encode("would_be");
    }
}
