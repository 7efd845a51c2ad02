namespace Vigil.Core.Enrichment;

/// <summary>Enrichment settings that cannot be opened; <see cref="Problems"/> names each option at fault.</summary>
public sealed class EnrichmentSourceException : Exception
{
    /// <summary>Creates the exception from its problems.</summary>
    public EnrichmentSourceException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem, each naming its option.</summary>
    public IReadOnlyList<string> Problems { get; }
}
