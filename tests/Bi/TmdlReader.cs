using System.Text;
using System.Text.RegularExpressions;

namespace Warehouse.Tests.Bi;

/// <summary>An object of a TMDL document: its type, name, default expression, properties and child objects.</summary>
internal sealed class TmdlObject(string type, string name, string? expression, string? description, int level)
{
    public string Type { get; } = type;
    public string Name { get; } = name;
    public string? Expression { get; set; } = expression;
    public string? Description { get; } = description;
    public int Level { get; } = level;
    public Dictionary<string, string> Properties { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<TmdlObject> Children { get; } = [];

    public IEnumerable<TmdlObject> Of(string type) => Children.Where(c => c.Type.Equals(type, StringComparison.OrdinalIgnoreCase));

    public string? Property(string name) => Properties.GetValueOrDefault(name);
}

/// <summary>
/// A reader of TMDL as Microsoft documents it (learn.microsoft.com/analysis-services/tmdl/tmdl-overview), written for
/// the tests and independent of the writer: tab indentation; an object is <c>type name</c>, optionally <c>= expression</c>;
/// its properties (<c>name: value</c>) and flags are one level deeper; a multi-line expression starts on the next line,
/// deeper than the properties; <c>///</c> lines describe the object below; names in single quotes double their quotes.
/// Anything else is an error with its line number, so a malformed file fails the test.
/// </summary>
internal static partial class TmdlReader
{
    private static readonly HashSet<string> ObjectTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "database", "model", "table", "column", "measure", "partition", "relationship", "expression", "annotation", "ref",
        "hierarchy", "level", "role", "culture", "perspective", "dataAccessOptions", "cultureInfo", "translations",
    };

    /// <summary>Objects declared by their type alone, without a name (a bare word elsewhere is a flag).</summary>
    private static readonly HashSet<string> BareObjects = new(StringComparer.OrdinalIgnoreCase) { "dataAccessOptions", "translations" };

    public static List<TmdlObject> Read(string text)
    {
        var roots = new List<TmdlObject>();
        var stack = new List<TmdlObject>();
        string? description = null;
        StringBuilder? block = null;
        int blockLevel = 0;
        Action<string>? endBlock = null;
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var raw = lines[n];
            var level = raw.TakeWhile(c => c == '\t').Count();
            var content = raw[level..];
            if (block is not null)
            {
                if (content.Length == 0 || level >= blockLevel)
                {
                    block.Append(content.Length == 0 ? "" : raw[blockLevel..]).Append('\n');
                    continue;
                }

                endBlock!(block.ToString().TrimEnd('\n'));
                block = null;
            }

            if (content.Length == 0) continue;
            if (content.StartsWith(' ')) throw new FormatException($"line {n + 1}: indented with spaces, not tabs");
            if (content.StartsWith("///", StringComparison.Ordinal))
            {
                description = (description is null ? "" : description + "\n") + content[3..].Trim();
                continue;
            }

            while (stack.Count > 0 && stack[^1].Level >= level) stack.RemoveAt(stack.Count - 1);
            var parent = stack.Count > 0 ? stack[^1] : null;
            if (parent is not null && level != parent.Level + 1) throw new FormatException($"line {n + 1}: indented {level} under an object at {parent.Level}");
            var firstWord = Word().Match(content).Value;
            if (ObjectTypes.Contains(firstWord) && (level == 0 || !PropertyLine().IsMatch(content)) && !(parent is not null && content == firstWord && !BareObjects.Contains(firstWord)))
            {
                var rest = content[firstWord.Length..].TrimStart();
                var (name, after) = firstWord.Equals("ref", StringComparison.OrdinalIgnoreCase) ? (rest, "") : ReadName(rest, n);
                string? expression = null;
                var hasBlock = false;
                if (after.StartsWith('='))
                {
                    expression = after[1..].Trim();
                    hasBlock = expression.Length == 0;
                }
                else if (after.Length > 0)
                {
                    throw new FormatException($"line {n + 1}: unexpected '{after}' after the name");
                }

                var item = new TmdlObject(firstWord, name, hasBlock ? null : expression, description, level);
                description = null;
                (parent?.Children ?? roots).Add(item);
                stack.Add(item);
                if (hasBlock)
                {
                    block = new StringBuilder();
                    blockLevel = level + 2;
                    endBlock = e => item.Expression = e;
                }

                continue;
            }

            if (parent is null) throw new FormatException($"line {n + 1}: a property outside any object");
            description = null;
            var property = PropertyLine().Match(content);
            if (property.Success)
            {
                parent.Properties[property.Groups["name"].Value] = Unquote(property.Groups["value"].Value);
            }
            else if (BlockProperty().Match(content) is { Success: true } open)
            {
                var owner = parent;
                var key = open.Groups["name"].Value;
                block = new StringBuilder();
                blockLevel = level + 2;
                endBlock = e => owner.Properties[key] = e;
            }
            else if (Word().Match(content).Value == content)
            {
                parent.Properties[content] = "true";
            }
            else
            {
                throw new FormatException($"line {n + 1}: '{content}' is neither an object, a property nor a flag");
            }
        }

        if (block is not null) endBlock!(block.ToString().TrimEnd('\n'));
        return roots;
    }

    /// <summary>A name, bare or in single quotes (quotes doubled), and what follows it.</summary>
    private static (string Name, string After) ReadName(string text, int line)
    {
        if (!text.StartsWith('\''))
        {
            var end = text.IndexOfAny([' ', '=']);
            return end < 0 ? (text, "") : (text[..end], text[end..].TrimStart());
        }

        var name = new StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] != '\'') { name.Append(text[i]); continue; }
            if (i + 1 < text.Length && text[i + 1] == '\'') { name.Append('\''); i++; continue; }
            return (name.ToString(), text[(i + 1)..].TrimStart());
        }

        throw new FormatException($"line {line + 1}: a quoted name without its closing quote");
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : value;

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"^(?<name>[A-Za-z_][A-Za-z0-9_]*): (?<value>.*)$")]
    private static partial Regex PropertyLine();

    [GeneratedRegex(@"^(?<name>[A-Za-z_][A-Za-z0-9_]*) =$")]
    private static partial Regex BlockProperty();
}
