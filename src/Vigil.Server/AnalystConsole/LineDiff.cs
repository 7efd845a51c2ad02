namespace Vigil.Server.AnalystConsole;

/// <summary>A line diff of two documents (longest common subsequence), for policy versions. Bounded: larger documents are not diffed.</summary>
internal static class LineDiff
{
    /// <summary>Most lines per side: the table is lines x lines integers.</summary>
    public const int MaxLines = 2_000;

    /// <summary>The lines of both, each marked ' ' (kept), '-' (only in <paramref name="before"/>) or '+' (only in <paramref name="after"/>); null when either is too long.</summary>
    public static IReadOnlyList<(char Mark, string Line)>? Compute(string before, string after)
    {
        string[] a = before.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string[] b = after.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (a.Length > MaxLines || b.Length > MaxLines)
        {
            return null;
        }

        var common = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var lines = new List<(char, string)>(a.Length + b.Length);
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                lines.Add((' ', a[x++]));
                y++;
            }
            else if (common[x + 1, y] >= common[x, y + 1])
            {
                lines.Add(('-', a[x++]));
            }
            else
            {
                lines.Add(('+', b[y++]));
            }
        }

        while (x < a.Length)
        {
            lines.Add(('-', a[x++]));
        }

        while (y < b.Length)
        {
            lines.Add(('+', b[y++]));
        }

        return lines;
    }
}
