using System.Reflection;
using Vigil.Core.Telemetry;

namespace Vigil.Core.Language;

/// <summary>
/// Reads a free-text log line from a system without structured fields ("Failed password for root from ... ssh2",
/// "User rejected the Okta Verify push") as an event kind and outcome, so it can be scored at all: the labels of the
/// <see cref="Neighbours"/> most similar labelled examples vote, weighted by similarity. A line close to none of them
/// (below <see cref="MinimumSimilarity"/>) stays <see cref="EventKind.Other"/>. The examples ship in the assembly
/// (Language/Data/log-line-examples.tsv, with their source and licence); accuracy on held-out lines is in docs/evaluation.md.
/// </summary>
public sealed class LogLineClassifier
{
    /// <summary>Examples that vote.</summary>
    public const int Neighbours = 3;

    /// <summary>Below this similarity to the nearest example a line is not classified.</summary>
    public const double MinimumSimilarity = 0.3;

    private readonly ITextEmbedder _embedder;
    private readonly (EventKind Kind, EventOutcome Outcome, string Line, sbyte[] Vector)[] _examples;

    /// <summary>Embeds the labelled examples (<paramref name="examples"/>, or the shipped ones) once.</summary>
    public LogLineClassifier(ITextEmbedder embedder, IEnumerable<(EventKind Kind, EventOutcome Outcome, string Line)>? examples = null)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        _embedder = embedder;
        _examples = [.. (examples ?? ShippedExamples()).Select(x => (x.Kind, x.Outcome, x.Line, embedder.Embed(TextVector.Bound(x.Line.AsSpan()))))];
    }

    /// <summary>Labelled examples in the assembly.</summary>
    public int ExampleCount => _examples.Length;

    /// <summary>Classifies one line (cut to <see cref="TextVector.MaxChars"/> characters).</summary>
    public LineClass Classify(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var vector = _embedder.Embed(TextVector.Bound(line.AsSpan()));
        Span<(double Similarity, int Index)> best = stackalloc (double, int)[Neighbours];
        best.Fill((-2, -1));
        for (int i = 0; i < _examples.Length; i++)
        {
            double s = TextVector.Cosine(vector, _examples[i].Vector);
            // Insertion into the top k; ties keep the earlier example, so the result is the same on every run.
            for (int k = 0; k < best.Length; k++)
            {
                if (s > best[k].Similarity)
                {
                    for (int m = best.Length - 1; m > k; m--)
                    {
                        best[m] = best[m - 1];
                    }

                    best[k] = (s, i);
                    break;
                }
            }
        }

        if (best[0].Index < 0 || best[0].Similarity < MinimumSimilarity)
        {
            return new LineClass(EventKind.Other, EventOutcome.Unknown, best[0].Similarity, best[0].Index < 0 ? "" : _examples[best[0].Index].Line);
        }

        // Weighted vote of the neighbours on the joint label (kind, outcome); the nearest wins a tie.
        var nearest = _examples[best[0].Index];
        var (kind, outcome, weight) = (nearest.Kind, nearest.Outcome, 0.0);
        foreach (var (similarity, index) in best)
        {
            if (index < 0 || similarity <= 0)
            {
                continue;
            }

            var candidate = _examples[index];
            double votes = 0;
            foreach (var (s, j) in best)
            {
                if (j >= 0 && s > 0 && _examples[j].Kind == candidate.Kind && _examples[j].Outcome == candidate.Outcome)
                {
                    votes += s;
                }
            }

            if (votes > weight + 1e-12)
            {
                (kind, outcome, weight) = (candidate.Kind, candidate.Outcome, votes);
            }
        }

        return new LineClass(kind, outcome, best[0].Similarity, nearest.Line);
    }

    /// <summary>Reads labelled lines: kind, outcome and line separated by tabs; '#' starts a comment line.</summary>
    public static IEnumerable<(EventKind Kind, EventOutcome Outcome, string Line)> ParseExamples(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int number = 0;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var parts = text.Split('\t', 3);
            if (parts.Length != 3 || !TryKind(parts[0], out var kind) || !TryOutcome(parts[1], out var outcome))
            {
                throw new InvalidDataException($"Labelled line {number}: expected kind<TAB>outcome<TAB>line with a kind of docs/telemetry.md and an outcome success, failure or unknown.");
            }

            yield return (kind, outcome, parts[2]);
        }
    }

    private static IEnumerable<(EventKind Kind, EventOutcome Outcome, string Line)> ShippedExamples()
    {
        using var stream = typeof(LogLineClassifier).Assembly.GetManifestResourceStream("Vigil.Core.Language.log-line-examples.tsv")
            ?? throw new InvalidOperationException("The labelled log-line examples are missing from Vigil.Core.");
        using var reader = new StreamReader(stream);
        return [.. ParseExamples(reader)];
    }

    private static bool TryKind(string text, out EventKind kind)
    {
        kind = text switch
        {
            "sign-in" => EventKind.SignIn,
            "mfa" => EventKind.Mfa,
            "token-use" => EventKind.TokenUse,
            "resource-access" => EventKind.ResourceAccess,
            "api-call" => EventKind.ApiCall,
            "device-posture" => EventKind.DevicePosture,
            "privilege-change" => EventKind.PrivilegeChange,
            "sign-out" => EventKind.SignOut,
            "other" => EventKind.Other,
            _ => (EventKind)255,
        };
        return (byte)kind != 255;
    }

    private static bool TryOutcome(string text, out EventOutcome outcome)
    {
        outcome = text switch
        {
            "success" => EventOutcome.Success,
            "failure" => EventOutcome.Failure,
            "unknown" => EventOutcome.Unknown,
            _ => (EventOutcome)255,
        };
        return (byte)outcome != 255;
    }
}
