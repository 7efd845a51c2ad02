using Vigil.Core.Telemetry;

namespace Vigil.Core.Language;

/// <summary>
/// The embeddings of one event's free text that the language family reads. Embedded synchronously before the event is
/// scored (the cache makes a repeated string a dictionary lookup, found by span without building a string), so the
/// same events give the same scores however fast the host is: a text is never "not ready yet" (docs/language.md).
/// </summary>
internal readonly record struct EventText(sbyte[]? ActivityVector, sbyte[]? TaskVector)
{
    public static EventText Of(in TelemetryEvent e, ITextEmbedder? embedder)
    {
        if (embedder is null || !HasActivity(e))
        {
            return default;
        }

        Span<char> buffer = stackalloc char[TextVector.MaxChars];
        int length = WriteActivity(e, buffer);
        var vector = Checked(embedder.Embed(TextVector.Bound(buffer[..length])), embedder.Dimensions);
        var task = e.AgentTask is { Length: > 0 } t ? Checked(embedder.Embed(TextVector.Bound(t)), embedder.Dimensions) : null;
        return new EventText(vector, task);
    }

    /// <summary>
    /// What the identity did, in words: an agent's tool call (name and arguments), else a command line, else the HTTP
    /// method and route. The resource id is not text: it is already a feature of the behavioural baselines. Built as a
    /// string only for a reason's evidence; scoring reads it through <see cref="WriteActivity"/>.
    /// </summary>
    internal static string? ActivityOf(in TelemetryEvent e)
    {
        if (!HasActivity(e))
        {
            return null;
        }

        Span<char> buffer = stackalloc char[TextVector.MaxChars];
        return new string(TextVector.Bound(buffer[..WriteActivity(e, buffer)]));
    }

    private static bool HasActivity(in TelemetryEvent e) => e.ToolName is { Length: > 0 } || e.CommandLine is { Length: > 0 } || e.UrlPath is { Length: > 0 };

    /// <summary>Writes the activity text into <paramref name="buffer"/> (cut at its length); returns the characters written.</summary>
    private static int WriteActivity(in TelemetryEvent e, Span<char> buffer)
    {
        if (e.ToolName is { Length: > 0 } tool)
        {
            return Join(buffer, tool, e.ToolArguments);
        }

        if (e.CommandLine is { Length: > 0 } command)
        {
            return Join(buffer, command, null);
        }

        return e.ResourceAction is { Length: > 0 } method ? Join(buffer, method, e.UrlPath) : Join(buffer, e.UrlPath!, null);
    }

    private static int Join(Span<char> buffer, string first, string? second)
    {
        int n = Math.Min(first.Length, buffer.Length);
        first.AsSpan(0, n).CopyTo(buffer);
        if (second is { Length: > 0 } && n < buffer.Length)
        {
            buffer[n++] = ' ';
            int m = Math.Min(second.Length, buffer.Length - n);
            second.AsSpan(0, m).CopyTo(buffer[n..]);
            n += m;
        }

        return n;
    }

    /// <summary>A vector of the wrong length (a misbehaving embedder) is no vector: the detectors skip the event rather than misread it.</summary>
    private static sbyte[]? Checked(sbyte[] vector, int dimensions) => vector.Length == dimensions ? vector : null;
}
