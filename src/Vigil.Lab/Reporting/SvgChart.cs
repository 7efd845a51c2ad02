using System.Globalization;
using System.Net;
using System.Text;

namespace Vigil.Lab.Reporting;

/// <summary>Small, dependency-free SVG charts (lines and grouped bars) for the self-contained HTML report.</summary>
internal static class SvgChart
{
    private const int Width = 560, Height = 340, Left = 56, Right = 16, Top = 28, Bottom = 48;
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f"];
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public sealed record Series(string Name, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false);

    /// <summary>A line chart with axes in [xMin, xMax] x [0, yMax]; a log x axis when <paramref name="logX"/> (x &gt; 0).</summary>
    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<Series> series,
        double xMin = 0, double xMax = 1, double yMax = 1, bool logX = false)
    {
        var sb = Begin(title);
        double X(double x)
        {
            double t = logX ? (Math.Log10(Math.Max(x, xMin)) - Math.Log10(xMin)) / (Math.Log10(xMax) - Math.Log10(xMin)) : (x - xMin) / (xMax - xMin);
            return Left + (Math.Clamp(t, 0, 1) * (Width - Left - Right));
        }

        double Y(double y) => Height - Bottom - (Math.Clamp(y / yMax, 0, 1) * (Height - Top - Bottom));
        Axes(sb, xLabel, yLabel);
        for (int i = 0; i <= 4; i++)
        {
            double yv = yMax * i / 4;
            sb.Append(C, $"<text x='{Left - 6}' y='{Y(yv) + 4:0.#}' text-anchor='end' font-size='10'>{Tick(yv)}</text>");
            double xv = logX ? Math.Pow(10, Math.Log10(xMin) + ((Math.Log10(xMax) - Math.Log10(xMin)) * i / 4)) : xMin + ((xMax - xMin) * i / 4);
            sb.Append(C, $"<text x='{X(xv):0.#}' y='{Height - Bottom + 16}' text-anchor='middle' font-size='10'>{Tick(xv)}</text>");
        }

        for (int s = 0; s < series.Count; s++)
        {
            var pts = series[s].Points;
            if (pts.Count == 0)
            {
                continue;
            }

            string path = string.Join(" ", pts.Select((p, i) => string.Create(C, $"{(i == 0 ? 'M' : 'L')}{X(p.X):0.##},{Y(p.Y):0.##}")));
            string dash = series[s].Dashed ? " stroke-dasharray='5 4'" : "";
            sb.Append(C, $"<path d='{path}' fill='none' stroke='{Palette[s % Palette.Length]}' stroke-width='2'{dash}/>");
        }

        Legend(sb, series.Select(s => s.Name).ToList());
        return End(sb);
    }

    /// <summary>Grouped bars: one group per category, one bar per series, values in [0, yMax].</summary>
    public static string Bars(string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<(string Name, double[] Values)> series, double yMax = 1)
    {
        var sb = Begin(title, extraHeight: 60);
        int height = Height + 60;
        double plotBottom = height - Bottom - 60;
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

        Legend(sb, series.Select(s => s.Name).ToList());
        return End(sb);
    }

    private static StringBuilder Begin(string title, int extraHeight = 0)
    {
        var sb = new StringBuilder();
        sb.Append(C, $"<svg xmlns='http://www.w3.org/2000/svg' width='{Width}' height='{Height + extraHeight}' viewBox='0 0 {Width} {Height + extraHeight}' font-family='sans-serif'>");
        sb.Append(C, $"<rect width='100%' height='100%' fill='white'/><text x='{Width / 2}' y='18' text-anchor='middle' font-size='13' font-weight='bold'>{Esc(title)}</text>");
        return sb;
    }

    private static string End(StringBuilder sb) => sb.Append("</svg>").ToString();

    private static void Axes(StringBuilder sb, string xLabel, string yLabel)
    {
        sb.Append(C, $"<line x1='{Left}' y1='{Height - Bottom}' x2='{Width - Right}' y2='{Height - Bottom}' stroke='#333'/>");
        sb.Append(C, $"<line x1='{Left}' y1='{Top}' x2='{Left}' y2='{Height - Bottom}' stroke='#333'/>");
        sb.Append(C, $"<text x='{(Left + Width - Right) / 2}' y='{Height - 10}' text-anchor='middle' font-size='11'>{Esc(xLabel)}</text>");
        sb.Append(C, $"<text x='14' y='{(Top + Height - Bottom) / 2}' transform='rotate(-90 14 {(Top + Height - Bottom) / 2})' text-anchor='middle' font-size='11'>{Esc(yLabel)}</text>");
    }

    private static void Legend(StringBuilder sb, List<string> names)
    {
        sb.Append(C, $"<rect x='{Width - Right - 156}' y='{Top - 4}' width='152' height='{(names.Count * 14) + 6}' fill='white' fill-opacity='0.85' stroke='#ddd'/>");
        for (int i = 0; i < names.Count; i++)
        {
            double y = Top + 8 + (i * 14);
            sb.Append(C, $"<rect x='{Width - Right - 150}' y='{y - 8}' width='10' height='10' fill='{Palette[i % Palette.Length]}'/>");
            sb.Append(C, $"<text x='{Width - Right - 136}' y='{y + 1}' font-size='10'>{Esc(names[i])}</text>");
        }
    }

    private static string Tick(double v) => Math.Abs(v) >= 1000 ? v.ToString("0", C) : Math.Abs(v) >= 1 ? v.ToString("0.##", C) : v.ToString("0.###", C);

    private static string Esc(string text) => WebUtility.HtmlEncode(text);
}
