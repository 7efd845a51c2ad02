namespace Vigil.Enrichment.Geo;

/// <summary>One shared string per two-letter code, so cached results and identity state do not hold copies.</summary>
internal static class CountryCodes
{
    private static readonly string[] Table = BuildTable();

    public static string? Intern(string? code)
    {
        if (code is { Length: 2 } && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1]))
        {
            return Table[((code[0] - 'A') * 26) + (code[1] - 'A')];
        }

        return code;
    }

    private static string[] BuildTable()
    {
        var table = new string[26 * 26];
        for (int i = 0; i < 26; i++)
        {
            for (int j = 0; j < 26; j++)
            {
                table[(i * 26) + j] = string.Concat((char)('A' + i), (char)('A' + j));
            }
        }

        return table;
    }
}
