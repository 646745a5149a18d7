using System.Text.RegularExpressions;

namespace ProbeHarness.Triage;

/// <summary>Fills a pattern's title format from the header match and the guilty frame.</summary>
public static class ReportTitle
{
    public static string Format(CrashPattern pattern, Match header, string? function)
    {
        var title = pattern.Title;
        title = function is null ? title.Replace(" in {func}", "") : title.Replace("{func}", function);
        return Fill(title, header);
    }

    /// <summary>Puts a match's named groups into a title format's {name} slots; other slots stay.</summary>
    public static string Fill(string title, Match match)
    {
        foreach (Group g in match.Groups)
        {
            if (char.IsDigit(g.Name[0])) continue;
            title = title.Replace("{" + g.Name + "}", g.Success ? TitleText.Clean(g.Value) : "");
        }
        return title;
    }
}
