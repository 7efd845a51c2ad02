namespace Vigil.Lab.Formats;

/// <summary>What <see cref="FormatCoverage"/> measured: a row per source, the reasons events were not read, and what is out of scope.</summary>
public sealed record CoverageReport(IReadOnlyList<CoverageRow> Rows, IReadOnlyDictionary<string, int> OutOfScope, IReadOnlyDictionary<string, int> Errors);
