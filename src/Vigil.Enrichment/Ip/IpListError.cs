using System.Globalization;

namespace Vigil.Enrichment.Ip;

/// <summary>A line of an IP list file that could not be used, and why.</summary>
/// <param name="Source">The file path (or the name given for in-memory text).</param>
/// <param name="Line">1-based line number; 0 when the whole file is the problem (e.g. it does not exist).</param>
/// <param name="Text">The offending line, trimmed and cut to 200 characters.</param>
/// <param name="Message">What is wrong and what the line should look like.</param>
public sealed record IpListError(string Source, int Line, string Text, string Message)
{
    /// <summary>Formats as <c>path:line: message ('text')</c>, the shape compilers use, so editors can jump to it.</summary>
    public override string ToString() =>
        Line == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Source}: {Message}")
            : string.Create(CultureInfo.InvariantCulture, $"{Source}:{Line}: {Message} ('{Text}')");
}
