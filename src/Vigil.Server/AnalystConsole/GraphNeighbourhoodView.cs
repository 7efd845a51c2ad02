using System.Globalization;
using Vigil.Core.Engine;
using Vigil.Server.Hosting;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// The identity page's "Place in the access graph": the identity at the centre of an inline SVG, its 1-hop neighbours
/// on an inner ring and 2-hop ones on an outer ring, tainted nodes drawn in the danger colour; then the same nodes as a
/// table (kind, name, link, through what, taint, last used), which is what screen readers and searching use.
/// </summary>
internal static class GraphNeighbourhoodView
{
    /// <summary>Nodes shown at most: two rings stay legible, and the table stays one screen or two.</summary>
    public const int MaxNodes = 60;

    private const double CentreX = 320, CentreY = 190, Inner = 95, Outer = 165;

    public static void Render(Html body, GraphNeighbourhood? n, string tenant, EngineHost engine)
    {
        body.Raw("<section aria-labelledby=\"graph\"><h2 id=\"graph\">Place in the access graph</h2>");
        if (n is null || n.Nodes.Count == 0)
        {
            body.Raw("<p>The access graph holds nothing around this identity (the graph family is off, it has made no access attempt yet, or its node was evicted as idle).</p></section>");
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        int tainted = n.Nodes.Count(x => x.Taint > 0);
        body.Raw("<p class=\"hint\">").Number(n.Nodes.Count(x => x.Hops == 1), "0").Raw(" nodes one hop away, ").Number(n.Nodes.Count(x => x.Hops == 2), "0")
            .Raw(" two hops away").Raw(n.Omitted > 0 ? string.Create(inv, $" ({n.Omitted} more not shown)") : "").Raw("; ").Number(tainted, "0")
            .Raw(" tainted by a risky event. A group's other members are not listed: a group links everyone in it.</p>");

        // Positions: each ring spread evenly, in the order the graph lists the nodes (the same on every load).
        var ring1 = n.Nodes.Where(x => x.Hops == 1).ToList();
        var ring2 = n.Nodes.Where(x => x.Hops == 2).ToList();
        var at = new Dictionary<GraphNeighbour, (double X, double Y)>();
        Place(ring1, Inner, at, 0);
        Place(ring2, Outer, at, Math.PI / Math.Max(1, ring2.Count));
        var byDescription = ring1.GroupBy(Describe).ToDictionary(g => g.Key, g => g.First());

        string alt = string.Create(inv, $"Access graph around the identity: {ring1.Count} nodes at one hop, {ring2.Count} at two, {tainted} tainted; the table below lists them.");
        body.Raw("<figure class=\"chart graph\"><svg role=\"img\" viewBox=\"0 0 640 380\"").Attr("aria-label", alt).Raw("><title>").Text(alt).Raw("</title>");
        foreach (var node in n.Nodes)
        {
            var (x1, y1) = node.Via is { } via && byDescription.TryGetValue(via, out var from) ? at[from] : (CentreX, CentreY);
            var (x2, y2) = at[node];
            body.Raw(string.Create(inv, $"<line class=\"link\" x1=\"{x1:0.#}\" y1=\"{y1:0.#}\" x2=\"{x2:0.#}\" y2=\"{y2:0.#}\"/>"));
        }

        body.Raw(string.Create(inv, $"<circle class=\"{(n.Taint > 0 ? "node origin tainted" : "node origin")}\" cx=\"{CentreX}\" cy=\"{CentreY}\" r=\"12\"/>"));
        foreach (var node in n.Nodes)
        {
            var (x, y) = at[node];
            body.Raw(string.Create(inv, $"<circle class=\"{(node.Taint > 0 ? "node tainted" : "node")} kind-{node.Kind}\" cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"{(node.Hops == 1 ? 8 : 5)}\">"))
                .Raw("<title>").Text(Describe(node) + (node.Taint > 0 ? string.Create(inv, $" (tainted {node.Taint:0.00})") : "")).Raw("</title></circle>");
            if (node.Hops == 1 && ring1.Count <= 16) // more labels than that overlap; the table names them all
            {
                string label = node.Label.Length <= 18 ? node.Label : node.Label[..17] + "…";
                body.Raw(string.Create(inv, $"<text x=\"{x:0.#}\" y=\"{y + 20:0.#}\" text-anchor=\"middle\">")).Text(node.Kind + " " + label).Raw("</text>");
            }
        }

        body.Raw("</svg><figcaption>The identity in the centre, one hop on the inner ring, two on the outer; tainted nodes in red.</figcaption></figure>");

        body.Raw("<table class=\"graph-nodes\"><thead><tr><th scope=\"col\">Hops</th><th scope=\"col\">Kind</th><th scope=\"col\">Name</th><th scope=\"col\">Link</th><th scope=\"col\">Through</th><th scope=\"col\">Taint</th><th scope=\"col\">Last used</th></tr></thead><tbody>");
        foreach (var node in n.Nodes)
        {
            body.Raw("<tr><td>").Number(node.Hops, "0").Raw("</td><td>").Text(node.Kind).Raw("</td><td>");
            if (node.Kind is "person" or "workload" or "agent")
            {
                body.Raw("<a").Attr("href", IdentityPages.IdentityLink(node.Label, tenant, engine)).Raw(">").Text(node.Label).Raw("</a>");
            }
            else
            {
                body.Text(node.Label);
            }

            body.Raw("</td><td>").Text(node.Edge).Raw("</td><td>").Text(node.Via ?? "—").Raw("</td><td>")
                .Raw(node.Taint > 0 ? "<span class=\"tag bad\">tainted " + node.Taint.ToString("0.00", inv) + "</span>" : "—")
                .Raw("</td><td>").Time(node.LastUsedMs).Raw("</td></tr>");
        }

        body.Raw("</tbody></table></section>");
    }

    /// <summary>How the engine names a node in <see cref="GraphNeighbour.Via"/>: its kind, then its label (people by label only).</summary>
    private static string Describe(GraphNeighbour node) => node.Kind is "person" or "resource" ? node.Label : node.Kind + " " + node.Label;

    private static void Place(List<GraphNeighbour> ring, double radius, Dictionary<GraphNeighbour, (double X, double Y)> at, double offset)
    {
        for (int i = 0; i < ring.Count; i++)
        {
            double angle = offset + (2 * Math.PI * i / ring.Count) - (Math.PI / 2);
            at[ring[i]] = (CentreX + (radius * Math.Cos(angle)), CentreY + (radius * Math.Sin(angle)));
        }
    }
}
