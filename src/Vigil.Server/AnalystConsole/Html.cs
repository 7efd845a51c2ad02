using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Vigil.Server.AnalystConsole;

/// <summary>
/// Builds an HTML page. Markup goes through <see cref="Raw"/> and is only ever a literal in this folder; every value
/// (an identity id, a reason, a query string) goes through <see cref="Text"/> or <see cref="Attr"/>, which encode it,
/// so a value cannot become markup or script.
/// </summary>
internal sealed class Html
{
    // Every script is allowed through as text (pages are UTF-8): only markup-significant characters are escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _text = new(8 * 1024);

    /// <summary>Literal markup written by this code, never a value.</summary>
    public Html Raw(string markup)
    {
        _text.Append(markup);
        return this;
    }

    /// <summary>A value, HTML-encoded.</summary>
    public Html Text(string? value)
    {
        if (value is not null)
        {
            _text.Append(Encoder.Encode(value));
        }

        return this;
    }

    /// <summary>A number, in the invariant culture (the same page on every host).</summary>
    public Html Number(double value, string format) => Text(value.ToString(format, CultureInfo.InvariantCulture));

    /// <summary><c> name="value"</c> with the value encoded.</summary>
    public Html Attr(string name, string? value)
    {
        _text.Append(' ').Append(name).Append("=\"");
        Text(value ?? "");
        _text.Append('"');
        return this;
    }

    /// <summary>A Unix-millisecond time as ISO 8601 UTC.</summary>
    public Html Time(long unixMs) => Text(FormatTime(unixMs));

    public static string FormatTime(long unixMs) =>
        unixMs <= 0 ? "—" : DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public override string ToString() => _text.ToString();
}
