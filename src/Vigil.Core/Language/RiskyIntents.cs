namespace Vigil.Core.Language;

/// <summary>
/// What a hijacked agent is made to do, in plain words (the actions OWASP's LLM Top 10 lists under prompt injection and
/// excessive agency: data exfiltration, privilege changes, defence evasion). A tool call that does not fit its task
/// and reads like one of these is named in the reason.
/// </summary>
internal static class RiskyIntents
{
    public static readonly string[] Phrases =
    [
        "export all customer records",
        "download the entire database",
        "send data to an external email address or URL",
        "grant administrator role",
        "add a user to a privileged group",
        "create a new API key or access token",
        "disable multi-factor authentication",
        "delete audit logs",
        "read secrets and passwords from the vault",
        "change another user's password",
    ];

    /// <summary>Similarity to a phrase from which a call is said to read like it.</summary>
    public const double Resembles = 0.4;

    public static sbyte[][] Embed(ITextEmbedder embedder) => [.. Phrases.Select(p => embedder.Embed(p))];

    /// <summary>The index of the nearest phrase and its similarity, or (-1, 0) when none reaches <see cref="Resembles"/>.</summary>
    public static (int Index, double Similarity) Nearest(sbyte[][] phrases, ReadOnlySpan<sbyte> vector)
    {
        int best = -1;
        double bestSimilarity = 0;
        for (int i = 0; i < phrases.Length; i++)
        {
            double s = TextVector.Cosine(phrases[i], vector);
            if (s >= Resembles && s > bestSimilarity)
            {
                (best, bestSimilarity) = (i, s);
            }
        }

        return (best, bestSimilarity);
    }
}
