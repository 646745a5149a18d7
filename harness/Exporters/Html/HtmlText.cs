using ProbeHarness.Text;
using System.Globalization;
using System.Net;

namespace ProbeHarness.Exporters.Html;

/// <summary>
/// Text into HTML. Everything goes through here: test names, reasons, console excerpts. A kernel
/// can print `&lt;script&gt;`; the page must show it, never run it.
/// </summary>
public static class HtmlText
{
    /// <summary>Cleaned of control characters, then every markup character encoded (quotes too: safe in attributes).</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(UntrustedText.Clean(text));

    /// <summary>A number for SVG coordinates and .dat files: invariant culture, fixed precision.</summary>
    public static string N(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
