using System.Text;

namespace Warehouse.Jobs.Commands;

/// <summary>A plain-text table for the console: the first row is the header, underlined; columns padded to their widest cell.</summary>
internal static class TextTable
{
    public static string Render(IReadOnlyList<string[]> rows, int rightAlignedFrom)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var (row, index) in rows.Select((r, i) => (r, i)))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i >= rightAlignedFrom ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))).TrimEnd());
            if (index == 0) text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        }

        return text.ToString();
    }
}
