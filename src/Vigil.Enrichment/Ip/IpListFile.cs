namespace Vigil.Enrichment.Ip;

/// <summary>One IP list file and the category every entry in it gets.</summary>
public sealed record IpListFile
{
    /// <summary>The category of every address in the file. Use one flag per file.</summary>
    public required IpCategory Category { get; init; }

    /// <summary>Path to the text file: one address, CIDR block or "first-last" range per line, '#' comments.</summary>
    public required string Path { get; init; }
}
