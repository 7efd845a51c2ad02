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
    public static ReadOnlyMemory<byte> Write(EvaluationResult r, AuthzenEvaluation ev, string? requestId)
    {
        var buffer = t_buffer ??= new System.Buffers.ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var w = t_writer ??= new Utf8JsonWriter(buffer);
        w.Reset(buffer);
        {
            w.WriteStartObject();
            w.WriteString("decision_id", r.DecisionId);
            w.WriteNumber("time_ms", r.TimeMs);
            if (requestId is not null)
            {
                w.WriteString("request_id", requestId);
            }

            w.WriteString("subject_type", ev.Subject.Type);
            w.WriteString("subject_id", ev.Subject.Id);
            w.WriteString("action", ev.Action.Name);
            w.WriteString("resource_type", ev.Resource.Type);
            w.WriteString("resource_id", ev.Resource.Id);
            w.WriteBoolean("observed", r.Observed);
            if (r.Observed)
            {
                w.WriteNumber("journal_seq", r.JournalSequence);
            }

            if (r.EventId is not null)
            {
                w.WriteString("event_id", r.EventId);
            }

            w.WriteBoolean("decision", DecisionMapper.IsPermitted(r.Decision));
            w.WriteString("outcome", DecisionMapper.OutcomeText(r.Decision.Outcome));
            w.WriteString("would_be", DecisionMapper.OutcomeText(r.Decision.WouldBe));
            w.WriteString("mode", r.Decision.Mode == RolloutMode.Monitor ? "monitor" : "enforce");
            w.WriteNumber("policy_version", r.PolicyVersion);
            w.WriteNumber("score", r.Assessment.Score);
            w.WriteString("level", DecisionMapper.LevelText(r.Assessment.Level));
            w.WriteStartArray("reasons");
            for (int i = 0; i < r.Assessment.FactorCount; i++)
            {
                w.WriteStringValue(r.Assessment.Factor(i).CodeText);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.Flush();
        }

        return buffer.WrittenMemory;
    }
}
