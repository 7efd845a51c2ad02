using System.Globalization;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// Small charts as inline SVG, drawn on the server (the idea of the lab's SvgChart, without its dependency): no script,
/// and presentation attributes rather than style attributes, which the console's Content-Security-Policy forbids.
/// Each chart has a title and a text alternative for screen readers.
/// </summary>
internal static class Svg
{
    private const int Width = 640;
    private const int Height = 160;
    private const int Pad = 28;

    /// <summary>A line of values 0..100 over time (oldest first), e.g. a decision's risk score.</summary>
    public static void Line(Html page, string title, IReadOnlyList<(long TimeMs, double Value)> points)
    {
        page.Raw("<figure class=\"chart\"><svg role=\"img\" viewBox=\"0 0 640 160\"").Attr("aria-label", title + ": " + Summary(points)).Raw("><title>").Text(title).Raw("</title>");
        Axes(page);
        if (points.Count > 0)
        {
            long first = points[0].TimeMs, last = points[^1].TimeMs;
            double span = Math.Max(1, last - first);
            page.Raw("<polyline class=\"series\" fill=\"none\" stroke-width=\"2\" points=\"");
            foreach (var (time, value) in points)
            {
                double x = points.Count == 1 ? Width / 2.0 : Pad + ((time - first) / span * (Width - (2 * Pad)));
                double y = Height - Pad - (Math.Clamp(value, 0, 100) / 100 * (Height - (2 * Pad)));
                page.Raw(string.Create(CultureInfo.InvariantCulture, $"{x:0.#},{y:0.#} "));
            }

            page.Raw("\"/>");
        }

        page.Raw("</svg><figcaption>").Text(title).Raw("</figcaption></figure>");
    }

    /// <summary>Bars with labels, e.g. identities per risk level.</summary>
    public static void Bars(Html page, string title, IReadOnlyList<(string Label, double Value)> bars)
    {
        string alt = string.Join(", ", bars.Select(b => b.Label + " " + b.Value.ToString("0.##", CultureInfo.InvariantCulture)));
        page.Raw("<figure class=\"chart\"><svg role=\"img\" viewBox=\"0 0 640 160\"").Attr("aria-label", title + ": " + alt).Raw("><title>").Text(title).Raw("</title>");
        Axes(page);
        double max = bars.Count == 0 ? 1 : Math.Max(1, bars.Max(b => b.Value));
        double slot = (Width - (2.0 * Pad)) / Math.Max(1, bars.Count);
        for (int i = 0; i < bars.Count; i++)
        {
            double h = bars[i].Value / max * (Height - (2 * Pad));
            double x = Pad + (i * slot) + (slot * 0.15);
            page.Raw(string.Create(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x:0.#}\" y=\"{Height - Pad - h:0.#}\" width=\"{slot * 0.7:0.#}\" height=\"{h:0.#}\"/>"));
            page.Raw(string.Create(CultureInfo.InvariantCulture, $"<text x=\"{x + (slot * 0.35):0.#}\" y=\"{Height - 8}\" text-anchor=\"middle\">")).Text(bars[i].Label).Raw("</text>");
            page.Raw(string.Create(CultureInfo.InvariantCulture, $"<text x=\"{x + (slot * 0.35):0.#}\" y=\"{Math.Max(12, Height - Pad - h - 4):0.#}\" text-anchor=\"middle\">"))
                .Number(bars[i].Value, "0.##").Raw("</text>");
        }

        page.Raw("</svg><figcaption>").Text(title).Raw("</figcaption></figure>");
    }

    private static void Axes(Html page) =>
        page.Raw(string.Create(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Pad}\" y1=\"{Height - Pad}\" x2=\"{Width - Pad}\" y2=\"{Height - Pad}\"/><line class=\"axis\" x1=\"{Pad}\" y1=\"{Pad}\" x2=\"{Pad}\" y2=\"{Height - Pad}\"/>"));

    private static string Summary(IReadOnlyList<(long TimeMs, double Value)> points) =>
        points.Count == 0 ? "no data" : string.Create(CultureInfo.InvariantCulture, $"{points.Count} points from {points.Min(p => p.Value):0} to {points.Max(p => p.Value):0}, latest {points[^1].Value:0}");
}
