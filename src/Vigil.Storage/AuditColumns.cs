using System.Globalization;
using System.Text.Json;

namespace Vigil.Storage;

/// <summary>
/// The audit table's lookup columns (<c>decision_id</c>, <c>subject</c>, <c>time_ms</c>) are copies of fields of the
/// hashed record, kept as columns only so that they can be indexed. The hash chain covers the record, not the
/// columns, so a column is trusted only when it equals the record's field: the verifier and every read the service
/// acts on compare them, and a record whose columns disagree is refused (issue 11, defect 9: an edited subject column
/// passed verification and feedback then acted on it). The field names are those the server's record writer uses.
/// </summary>
internal static class AuditColumns
{
    private static ReadOnlySpan<byte> DecisionIdName => "decision_id"u8;

    private static ReadOnlySpan<byte> SubjectName => "subject_id"u8;

    private static ReadOnlySpan<byte> TimeName => "time_ms"u8;

    /// <summary>Null when the columns equal the record's fields; otherwise which column disagrees and how.</summary>
    public static string? Problem(string decisionId, string? subject, long timeMs, ReadOnlySpan<byte> record)
    {
        if (!TryRead(record, out string? recordedId, out string? recordedSubject, out long? recordedTime))
        {
            return "the record is not a JSON object with decision_id, subject_id and time_ms, so its columns cannot be checked";
        }

        if (!string.Equals(decisionId, recordedId, StringComparison.Ordinal))
        {
            return "the decision_id column does not match the hashed record: the column was edited";
        }

        if (!string.Equals(subject, recordedSubject, StringComparison.Ordinal))
        {
            return "the subject column does not match the hashed record: the column was edited";
        }

        if (timeMs != recordedTime)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the time_ms column ({timeMs}) does not match the hashed record: the column was edited");
        }

        return null;
    }

    /// <summary>Reads the three fields from the record's top level (a missing field reads as null).</summary>
    private static bool TryRead(ReadOnlySpan<byte> record, out string? decisionId, out string? subject, out long? timeMs)
    {
        (decisionId, subject, timeMs) = (null, null, null);
        try
        {
            var reader = new Utf8JsonReader(record);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isId = reader.ValueTextEquals(DecisionIdName), isSubject = reader.ValueTextEquals(SubjectName), isTime = reader.ValueTextEquals(TimeName);
                reader.Read();
                if (isId && reader.TokenType == JsonTokenType.String)
                {
                    decisionId = reader.GetString();
                }
                else if (isSubject && reader.TokenType == JsonTokenType.String)
                {
                    subject = reader.GetString();
                }
                else if (isTime && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long time))
                {
                    timeMs = time;
                }
                else
                {
                    reader.Skip();
                }
            }

            return decisionId is not null;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
