using System.Globalization;
using System.Net;
using System.Text;

namespace Vigil.Lab.Reporting;

/// <summary>
/// Small, dependency-free SVG charts (lines and grouped bars) for the self-contained HTML report. The legend sits
/// below the plot, never over the data; a value above the y axis's top is drawn at the top with its real value
/// printed beside it, so a clipped peak says so.
/// </summary>
internal static class SvgChart
{
    private const int Width = 560, PlotHeight = 340, Left = 56, Right = 16, Top = 28, Bottom = 48, LegendRow = 16;
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f"];
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public sealed record Series(string Name, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false);

    /// <summary>
    /// A line chart with axes in [xMin, xMax] x [0, yMax]; a log x axis when <paramref name="logX"/> (x &gt; 0; points
    /// below xMin are the caller's to drop). <paramref name="xTick"/> labels the five x ticks (default: the value).
    /// </summary>
    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<Series> series,
        double xMin = 0, double xMax = 1, double yMax = 1, bool logX = false, Func<double, string>? xTick = null)
    {
        var sb = Begin(title, LegendHeight(series.Count));
        double X(double x)
        {
            double t = logX ? (Math.Log10(Math.Max(x, xMin)) - Math.Log10(xMin)) / (Math.Log10(xMax) - Math.Log10(xMin)) : (x - xMin) / (xMax - xMin);
            return Left + (Math.Clamp(t, 0, 1) * (Width - Left - Right));
        }

        double Y(double y) => PlotHeight - Bottom - (Math.Clamp(y / yMax, 0, 1) * (PlotHeight - Top - Bottom));
        Axes(sb, xLabel, yLabel);
        xTick ??= v => logX ? LogTick(v) : Tick(v);
        for (int i = 0; i <= 4; i++)
        {
            double yv = yMax * i / 4;
            sb.Append(C, $"<text x='{Left - 6}' y='{Y(yv) + 4:0.#}' text-anchor='end' font-size='10'>{Tick(yv)}</text>");
            double xv = logX ? Math.Pow(10, Math.Log10(xMin) + ((Math.Log10(xMax) - Math.Log10(xMin)) * i / 4)) : xMin + ((xMax - xMin) * i / 4);
            sb.Append(C, $"<text x='{X(xv):0.#}' y='{PlotHeight - Bottom + 16}' text-anchor='middle' font-size='10'>{Esc(xTick(xv))}</text>");
        }

        for (int s = 0; s < series.Count; s++)
        {
            var pts = series[s].Points;
            if (pts.Count == 0)
            {
                continue;
            }

            string color = Palette[s % Palette.Length];
            string path = string.Join(" ", pts.Select((p, i) => string.Create(C, $"{(i == 0 ? 'M' : 'L')}{X(p.X):0.##},{Y(p.Y):0.##}")));
            string dash = series[s].Dashed ? " stroke-dasharray='5 4'" : "";
            sb.Append(C, $"<path d='{path}' fill='none' stroke='{color}' stroke-width='2'{dash}/>");
            foreach (var (x, y) in pts.Where(p => p.Y > yMax))
            {
                sb.Append(C, $"<text x='{X(x) + 4:0.#}' y='{Top + 10}' font-size='10' fill='{color}'>&#9650; {Tick(y)} (off scale)</text>");
            }
        }

        Legend(sb, series.Select(s => s.Name).ToList(), PlotHeight);
        return End(sb);
    }

    /// <summary>Grouped bars: one group per category, one bar per series, values in [0, yMax].</summary>
    public static string Bars(string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<(string Name, double[] Values)> series, double yMax = 1)
    {
        const int labels = 60; // room under the plot for the rotated category names
        var sb = Begin(title, labels + LegendHeight(series.Count));
        double plotBottom = PlotHeight - Bottom;
        double Y(double y) => plotBottom - (Math.Clamp(double.IsNaN(y) ? 0 : y / yMax, 0, 1) * (plotBottom - Top));
        sb.Append(C, $"<line x1='{Left}' y1='{plotBottom}' x2='{Width - Right}' y2='{plotBottom}' stroke='#333'/>");
        sb.Append(C, $"<line x1='{Left}' y1='{Top}' x2='{Left}' y2='{plotBottom}' stroke='#333'/>");
        sb.Append(C, $"<text x='14' y='{(Top + plotBottom) / 2:0}' transform='rotate(-90 14 {(Top + plotBottom) / 2:0})' text-anchor='middle' font-size='11'>{Esc(yLabel)}</text>");
        for (int i = 0; i <= 4; i++)
        {
            double yv = yMax * i / 4;
            sb.Append(C, $"<text x='{Left - 6}' y='{Y(yv) + 4:0.#}' text-anchor='end' font-size='10'>{Tick(yv)}</text>");
            sb.Append(C, $"<line x1='{Left}' y1='{Y(yv):0.#}' x2='{Width - Right}' y2='{Y(yv):0.#}' stroke='#eee'/>");
        }

        double groupWidth = (Width - Left - Right) / (double)Math.Max(1, categories.Count);
        double barWidth = groupWidth * 0.8 / Math.Max(1, series.Count);
        for (int c = 0; c < categories.Count; c++)
        {
            double gx = Left + (c * groupWidth) + (groupWidth * 0.1);
            for (int s = 0; s < series.Count; s++)
            {
                double v = series[s].Values[c];
                double y = Y(v);
                sb.Append(C, $"<rect x='{gx + (s * barWidth):0.#}' y='{y:0.#}' width='{barWidth * 0.95:0.#}' height='{plotBottom - y:0.#}' fill='{Palette[s % Palette.Length]}'><title>{Esc(series[s].Name)} {Esc(categories[c])}: {Tick(v)}</title></rect>");
            }

            double cx = gx + (groupWidth * 0.4);
            sb.Append(C, $"<text x='{cx:0.#}' y='{plotBottom + 10}' font-size='9' text-anchor='end' transform='rotate(-40 {cx:0.#} {plotBottom + 10})'>{Esc(categories[c])}</text>");
        }

        Legend(sb, series.Select(s => s.Name).ToList(), PlotHeight + labels - Bottom + 8);
        return End(sb);
    }

    private static int LegendHeight(int entries) => ((entries + 2) / 3 * LegendRow) + 8;

    private static StringBuilder Begin(string title, int extraHeight)
    {
        var sb = new StringBuilder();
        int height = PlotHeight + extraHeight;
        sb.Append(C, $"<svg xmlns='http://www.w3.org/2000/svg' width='{Width}' height='{height}' viewBox='0 0 {Width} {height}' font-family='sans-serif' role='img' aria-label='{Esc(title)}'>");
        sb.Append(C, $"<rect width='100%' height='100%' fill='white'/><text x='{Width / 2}' y='18' text-anchor='middle' font-size='13' font-weight='bold'>{Esc(title)}</text>");
        return sb;
    }

    private static string End(StringBuilder sb) => sb.Append("</svg>").ToString();

    private static void Axes(StringBuilder sb, string xLabel, string yLabel)
    {
        sb.Append(C, $"<line x1='{Left}' y1='{PlotHeight - Bottom}' x2='{Width - Right}' y2='{PlotHeight - Bottom}' stroke='#333'/>");
        sb.Append(C, $"<line x1='{Left}' y1='{Top}' x2='{Left}' y2='{PlotHeight - Bottom}' stroke='#333'/>");
        sb.Append(C, $"<text x='{(Left + Width - Right) / 2}' y='{PlotHeight - 10}' text-anchor='middle' font-size='11'>{Esc(xLabel)}</text>");
        sb.Append(C, $"<text x='14' y='{(Top + PlotHeight - Bottom) / 2}' transform='rotate(-90 14 {(Top + PlotHeight - Bottom) / 2})' text-anchor='middle' font-size='11'>{Esc(yLabel)}</text>");
    }

    /// <summary>The legend in rows of three below everything else, starting at <paramref name="top"/>.</summary>
    private static void Legend(StringBuilder sb, List<string> names, int top)
    {
        double column = (Width - Left - Right) / 3.0;
        for (int i = 0; i < names.Count; i++)
        {
            double x = Left + ((i % 3) * column);
            double y = top + 8 + ((i / 3) * LegendRow);
            sb.Append(C, $"<rect x='{x:0.#}' y='{y - 8}' width='10' height='10' fill='{Palette[i % Palette.Length]}'/>");
            sb.Append(C, $"<text x='{x + 14:0.#}' y='{y + 1}' font-size='10'>{Esc(names[i])}</text>");
        }
    }

    private static string Tick(double v) => Math.Abs(v) >= 1000 ? v.ToString("0", C) : Math.Abs(v) >= 1 ? v.ToString("0.##", C) : v.ToString("0.###", C);

    /// <summary>Powers of ten as 1e-4 ... 1 (a plain format would print 0.0001 as "0").</summary>
    private static string LogTick(double v) => v >= 0.001 ? Tick(v) : v.ToString("0e0", C);

    private static string Esc(string text) => WebUtility.HtmlEncode(text);
}
