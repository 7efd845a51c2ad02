using Vigil.Core.Telemetry;

namespace Vigil.Core.Language;

/// <summary>
/// The free text of one event that the language family reads, with its embeddings. Embedded synchronously before the
/// event is scored (the cache makes a repeated string a dictionary lookup), so the same events give the same scores
/// however fast the host is: a text is never "not ready yet" (docs/language.md).
/// </summary>
internal readonly record struct EventText(string? Activity, sbyte[]? ActivityVector, sbyte[]? TaskVector)
{
    public static EventText Of(in TelemetryEvent e, ITextEmbedder? embedder)
    {
        if (embedder is null || ActivityOf(e) is not { } activity)
        {
            return default;
        }

        activity = TextVector.Bound(activity);
        var vector = Checked(embedder.Embed(activity), embedder.Dimensions);
        var task = e.AgentTask is { Length: > 0 } t ? Checked(embedder.Embed(TextVector.Bound(t)), embedder.Dimensions) : null;
        return new EventText(activity, vector, task);
    }

    /// <summary>
    /// What the identity did, in words: an agent's tool call (name and arguments), else a command line, else the HTTP
    /// method and route. The resource id is not text: it is already a feature of the behavioural baselines.
    /// </summary>
    internal static string? ActivityOf(in TelemetryEvent e)
    {
        if (e.ToolName is { Length: > 0 } tool)
        {
            return e.ToolArguments is { Length: > 0 } args ? tool + " " + args : tool;
        }

        if (e.CommandLine is { Length: > 0 } command)
        {
            return command;
        }

        if (e.UrlPath is { Length: > 0 } path)
        {
            return e.ResourceAction is { Length: > 0 } method ? method + " " + path : path;
        }

        return null;
    }

    /// <summary>A vector of the wrong length (a misbehaving embedder) is no vector: the detectors skip the event rather than misread it.</summary>
    private static sbyte[]? Checked(sbyte[] vector, int dimensions) => vector.Length == dimensions ? vector : null;
}
