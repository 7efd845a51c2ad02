using System.Text.RegularExpressions;
using Vigil.Core.Decisions;
using Vigil.Core.Scoring;

namespace Vigil.Core.Tests.Docs;

/// <summary>
/// docs/reason-codes.md is what analysts and policy authors read to understand a decision: every code the engine or
/// the policy can give has a row there, and every row is a code the engine can give.
/// </summary>
public sealed partial class ReasonCodeDocsTests
{
    [Fact]
    public void ReasonCodesDoc_ListsExactlyTheCodesInTheCode()
    {
        string doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "reason-codes.md"));
        var documented = Row().Matches(doc).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var inCode = Enum.GetValues<ReasonCode>().Select(c => (int)c)
            .Concat(Enum.GetValues<PolicyReason>().Select(c => (int)c))
            .Where(c => c != 0)
            .Order()
            .ToList();

        Assert.Equal(documented.Count, documented.Distinct().Count());
        Assert.Equal(inCode, documented.Order().ToList());
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Vigil.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\| VG(\d{4}) \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
