using ProbeHarness.Text;
using System.Text;
using static ProbeHarness.Exporters.Html.HtmlText;

namespace ProbeHarness.Exporters.Html;

/// <summary>
/// Plots drawn in C# as inline SVG: nothing to fetch, nothing to run. Each comes with its .dat
/// (the same numbers, for gnuplot: <c>plot 'x.dat' using 0:2:3:4:xtic(1) with yerrorbars</c>).
/// </summary>
public static class SvgPlots
{
    private const int Width = 760, Left = 220, Right = 60, Row = 22, Top = 28;

    /// <summary>Horizontal dots with 95% whiskers, one row per label, on a shared axis from 0.</summary>
    public static Plot Intervals(string name, string title, string unit, IReadOnlyList<Interval> rows)
    {
        var height = Top + Row * Math.Max(1, rows.Count) + 30;
        var max = Nice(rows.Count == 0 ? 1 : rows.Max(r => Math.Max(r.High, r.Mean)));
        double X(double v) => Left + (Width - Left - Right) * (v / max);
        var svg = Open(name, title, height);
        Axis(svg, max, unit, Top + Row * rows.Count + 4, X);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var y = Top + Row * i + Row / 2;
            svg.Append($"<text class=\"label\" x=\"{Left - 8}\" y=\"{y + 4}\" text-anchor=\"end\">{E(Cut(r.Label, 34))}</text>");
            svg.Append($"<line class=\"ci\" x1=\"{N(X(r.Low))}\" y1=\"{y}\" x2=\"{N(X(r.High))}\" y2=\"{y}\"/>");
            foreach (var end in new[] { r.Low, r.High })
                svg.Append($"<line class=\"ci\" x1=\"{N(X(end))}\" y1=\"{y - 5}\" x2=\"{N(X(end))}\" y2=\"{y + 5}\"/>");
            svg.Append($"<circle class=\"mean\" cx=\"{N(X(r.Mean))}\" cy=\"{y}\" r=\"4\"><title>{E(r.Label)}: {N(r.Mean)} {E(unit)} [{N(r.Low)}, {N(r.High)}], n={r.Samples}</title></circle>");
        }
        svg.Append("</svg>");
        var dat = new StringBuilder($"# {title}\n# label mean low95 high95 samples ({unit})\n");
        foreach (var r in rows) dat.Append($"\"{DatLabel(r.Label)}\" {N(r.Mean)} {N(r.Low)} {N(r.High)} {r.Samples}\n");
        return new Plot(name, title, svg.ToString(), dat.ToString());
    }

    /// <summary>Lines over shared x points (oldest first), e.g. counts per run.</summary>
    public static Plot Lines(string name, string title, string unit, IReadOnlyList<string> xLabels, IReadOnlyList<Series> series)
    {
        const int plotHeight = 180;
        var height = Top + plotHeight + 60;
        var max = Nice(series.SelectMany(s => s.Values).DefaultIfEmpty(1).Max());
        var left = 60;
        double X(int i) => xLabels.Count <= 1 ? left + (Width - left - Right) / 2.0 : left + (Width - left - Right) * i / (double)(xLabels.Count - 1);
        double Y(double v) => Top + plotHeight * (1 - v / max);
        var svg = Open(name, title, height);
        for (var k = 0; k <= 4; k++)
        {
            var v = max * k / 4;
            svg.Append($"<line class=\"grid\" x1=\"{left}\" y1=\"{N(Y(v))}\" x2=\"{Width - Right}\" y2=\"{N(Y(v))}\"/>");
            svg.Append($"<text class=\"tick\" x=\"{left - 6}\" y=\"{N(Y(v) + 4)}\" text-anchor=\"end\">{N(v)}</text>");
        }
        svg.Append($"<text class=\"tick\" x=\"{left}\" y=\"{Top - 10}\">{E(unit)}</text>");
        for (var i = 0; i < xLabels.Count; i++)
            if (xLabels.Count <= 12 || i % (xLabels.Count / 12 + 1) == 0 || i == xLabels.Count - 1)
                svg.Append($"<text class=\"tick\" x=\"{N(X(i))}\" y=\"{Top + plotHeight + 16}\" text-anchor=\"middle\">{E(Cut(xLabels[i], 14))}</text>");
        var legendX = left;
        foreach (var s in series)
        {
            var points = string.Join(' ', s.Values.Select((v, i) => $"{N(X(i))},{N(Y(v))}"));
            svg.Append($"<polyline class=\"line {E(s.CssClass)}\" points=\"{points}\"/>");
            for (var i = 0; i < s.Values.Count; i++)
                svg.Append($"<circle class=\"dot {E(s.CssClass)}\" cx=\"{N(X(i))}\" cy=\"{N(Y(s.Values[i]))}\" r=\"3\"><title>{E(s.Name)} {E(xLabels[i])}: {N(s.Values[i])}</title></circle>");
            svg.Append($"<rect class=\"{E(s.CssClass)}\" x=\"{legendX}\" y=\"{Top + plotHeight + 32}\" width=\"10\" height=\"10\"/>");
            svg.Append($"<text class=\"tick\" x=\"{legendX + 14}\" y=\"{Top + plotHeight + 41}\">{E(s.Name)}</text>");
            legendX += 24 + 7 * s.Name.Length;
        }
        svg.Append("</svg>");
        var dat = new StringBuilder($"# {title}\n# x {string.Join(' ', series.Select(s => DatLabel(s.Name)))} ({unit})\n");
        for (var i = 0; i < xLabels.Count; i++)
            dat.Append($"\"{DatLabel(xLabels[i])}\" {string.Join(' ', series.Select(s => N(s.Values[i])))}\n");
        return new Plot(name, title, svg.ToString(), dat.ToString());
    }

    private static StringBuilder Open(string name, string title, int height) =>
        new StringBuilder($"<svg class=\"plot\" id=\"plot-{E(name)}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"{E(title)}\">")
            .Append($"<title>{E(title)}</title>");

    private static void Axis(StringBuilder svg, double max, string unit, int y, Func<double, double> x)
    {
        svg.Append($"<line class=\"axis\" x1=\"{Left}\" y1=\"{y}\" x2=\"{Width - Right}\" y2=\"{y}\"/>");
        for (var k = 0; k <= 4; k++)
        {
            var v = max * k / 4;
            svg.Append($"<line class=\"grid\" x1=\"{N(x(v))}\" y1=\"{Top - 6}\" x2=\"{N(x(v))}\" y2=\"{y}\"/>");
            // The last tick carries the unit, anchored at its end so nothing overlaps.
            svg.Append(k < 4
                ? $"<text class=\"tick\" x=\"{N(x(v))}\" y=\"{y + 16}\" text-anchor=\"middle\">{N(v)}</text>"
                : $"<text class=\"tick\" x=\"{N(x(v) + 12)}\" y=\"{y + 16}\" text-anchor=\"end\">{N(v)} {E(unit)}</text>");
        }
    }

    /// <summary>An axis end at 1, 2 or 5 times a power of ten, at or above the largest value.</summary>
    public static double Nice(double max)
    {
        if (!(max > 0) || double.IsInfinity(max)) return 1;
        var p = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var m in new[] { 1.0, 2, 5, 10 })
            if (m * p >= max) return m * p;
        return 10 * p;
    }

    private static string Cut(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    /// <summary>A label gnuplot reads as one quoted field.</summary>
    private static string DatLabel(string s) => UntrustedText.OneLine(s, 80).Replace("\"", "'").Replace(' ', '_');
}
