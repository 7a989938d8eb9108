using System.Globalization;
using System.Text;
using PmoFlow.Reporting.Rendering;

namespace PmoFlow.Server.Pages;

/// <summary>Builds page markup keeping trusted markup (<see cref="Raw"/>) and escaped text (<see cref="Text"/>) apart.</summary>
internal sealed class HtmlBuilder
{
    private readonly StringBuilder _sb = new(16 * 1024);

    public TextWriter Writer => new StringWriter(_sb, CultureInfo.InvariantCulture);

    public HtmlBuilder Raw(string trustedMarkup)
    {
        _sb.Append(trustedMarkup);
        return this;
    }

    /// <summary>Untrusted text (tracker titles, names, user input), HTML-escaped for element content and quoted attributes.</summary>
    public HtmlBuilder Text(string? untrusted)
    {
        _sb.Append(TextEscaping.Html(untrusted));
        return this;
    }

    /// <summary>A number in invariant form ("12.5"), or "–" for no data.</summary>
    public HtmlBuilder Number(double? value, string format = "0.#") =>
        Raw(value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–");

    /// <summary>A path segment: percent-encoded, then escaped for an attribute.</summary>
    public HtmlBuilder Segment(string value) => Text(Uri.EscapeDataString(value));

    public override string ToString() => _sb.ToString();
}
