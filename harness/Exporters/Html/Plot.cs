namespace ProbeHarness.Exporters.Html;

/// <summary>A plot as the page shows it (inline SVG) and as gnuplot reads it (a whitespace-separated .dat with a # header).</summary>
public sealed record Plot(string Name, string Title, string Svg, string Dat);

/// <summary>One value with a 95% interval, e.g. a mean time from several runs.</summary>
public sealed record Interval(string Label, double Mean, double Low, double High, int Samples);

/// <summary>One named line over the x points of a <see cref="SvgPlots.Lines"/> plot.</summary>
public sealed record Series(string Name, string CssClass, IReadOnlyList<double> Values);
