using System.Text;
using System.Text.RegularExpressions;

namespace Warehouse.Jobs.PowerBi;

/// <summary>
/// Writes TMDL text as Microsoft's TMDL overview documents it (learn.microsoft.com/analysis-services/tmdl/tmdl-overview):
/// one tab per level, an object declared by its type and name, <c>name: value</c> properties and flags one level
/// deeper, a multi-line expression after <c>=</c> two levels deeper, <c>///</c> descriptions directly above an object.
/// </summary>
internal sealed partial class Tmdl
{
    private readonly StringBuilder text = new();

    /// <summary>A name as TMDL and DAX reference it: bare when it is a plain word, else in single quotes with quotes doubled.</summary>
    public static string Name(string name) => PlainName().IsMatch(name) ? name : "'" + name.Replace("'", "''", StringComparison.Ordinal) + "'";

    public Tmdl Description(int level, string? description)
    {
        if (string.IsNullOrWhiteSpace(description)) return this;
        foreach (var line in description.Split('\n')) Line(level, "/// " + line.Trim());
        return this;
    }

    /// <summary>An object; with an expression, on the same line if it has one line, else on the lines below, two levels deeper.</summary>
    public Tmdl Object(int level, string type, string name, string? expression = null)
    {
        var head = $"{type} {Name(name)}";
        if (expression is null) return Line(level, head);
        var lines = expression.Split('\n');
        if (lines.Length == 1) return Line(level, $"{head} = {expression}");
        Line(level, head + " =");
        foreach (var line in lines) Line(level + 2, line);
        return this;
    }

    /// <summary>A property; text with leading or trailing spaces or a double quote goes in double quotes, quotes doubled.</summary>
    public Tmdl Property(int level, string name, string value)
    {
        var written = value.Length > 0 && (value.Trim() != value || value.Contains('"', StringComparison.Ordinal)) ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
        return Line(level, $"{name}: {written}");
    }

    /// <summary>A property whose value is an expression block (a partition's <c>source =</c>), two levels deeper.</summary>
    public Tmdl Block(int level, string name, string expression)
    {
        Line(level, name + " =");
        foreach (var line in expression.Split('\n')) Line(level + 2, line);
        return this;
    }

    public Tmdl Flag(int level, string name) => Line(level, name);

    public Tmdl Blank()
    {
        text.Append("\r\n");
        return this;
    }

    public Tmdl Line(int level, string line)
    {
        text.Append('\t', level).Append(line).Append("\r\n");
        return this;
    }

    public override string ToString() => text.ToString();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainName();
}
