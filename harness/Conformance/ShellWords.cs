using System.Text;

namespace ProbeHarness.Conformance;

/// <summary>Splits a "#! stap -p2 -DX='a b'" line into words the way sh would (quotes, backslashes; no expansion).</summary>
public static class ShellWords
{
    public static IReadOnlyList<string> Split(string line)
    {
        var words = new List<string>();
        var w = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\'' )
            {
                var end = line.IndexOf('\'', i + 1);
                if (end < 0) throw new FormatException($"unterminated ' in: {line}");
                w.Append(line, i + 1, end - i - 1);
                i = end;
                inWord = true;
            }
            else if (c == '"')
            {
                i++;
                for (; i < line.Length && line[i] != '"'; i++)
                {
                    if (line[i] == '\\' && i + 1 < line.Length && "\"\\$`".Contains(line[i + 1])) i++;
                    w.Append(line[i]);
                }
                if (i >= line.Length) throw new FormatException($"unterminated \" in: {line}");
                inWord = true;
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                w.Append(line[++i]);
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(w.ToString());
                w.Clear();
                inWord = false;
            }
            else
            {
                w.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(w.ToString());
        return words;
    }
}
