using Vigil.Core.Scoring;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// A decision's reasons grouped by the model family that raised them (<see cref="ReasonCatalog.FamilyName(string)"/>),
/// so an analyst sees which families spoke. Audit records keep codes only, so the timeline shows each family's name and
/// codes; where contributions are known (the identity's current factors) each family's share of them is shown too.
/// </summary>
internal static class ReasonFamilies
{
    /// <summary>The codes grouped by family, families in the order their first code appears (the record's order, strongest first).</summary>
    public static List<(string Family, List<string> Codes)> Group(IEnumerable<string> codes)
    {
        var groups = new List<(string Family, List<string> Codes)>();
        foreach (string code in codes)
        {
            string family = ReasonCatalog.FamilyName(code);
            int i = groups.FindIndex(g => g.Family == family);
            if (i < 0)
            {
                groups.Add((family, [code]));
            }
            else
            {
                groups[i].Codes.Add(code);
            }
        }

        return groups;
    }

    /// <summary>Each family's share of the summed contributions, largest first (ties by name, so the order is stable).</summary>
    public static List<(string Family, double Share)> Shares(IEnumerable<RiskFactor> factors)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        double total = 0;
        foreach (var f in factors)
        {
            double c = f.Contribution;
            if (c > 0 && double.IsFinite(c))
            {
                string family = ReasonCatalog.FamilyName(ReasonCatalog.Family(f.Code));
                sums[family] = sums.GetValueOrDefault(family) + c;
                total += c;
            }
        }

        return total <= 0
            ? []
            : [.. sums.Select(s => (s.Key, s.Value / total)).OrderByDescending(s => s.Item2).ThenBy(s => s.Key, StringComparer.Ordinal)];
    }

    /// <summary>Writes the groups: each family's name, then its codes.</summary>
    public static void Render(Html body, IEnumerable<string> codes)
    {
        foreach (var (family, list) in Group(codes))
        {
            body.Raw("<span class=\"family\"><span class=\"family-name\">").Text(family).Raw("</span>");
            foreach (string code in list)
            {
                body.Raw(" <code>").Text(code).Raw("</code>");
            }

            body.Raw("</span> ");
        }
    }
}
