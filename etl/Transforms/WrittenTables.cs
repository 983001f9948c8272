using System.Text.RegularExpressions;

namespace Warehouse.Etl.Transforms;

/// <summary>The tables a transform statement writes (the statements are the project's own SQL).</summary>
internal static partial class WrittenTables
{
    public static IEnumerable<string> Of(string statement) =>
        Target().Matches(statement).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct();

    [GeneratedRegex(@"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO)\s+((?:dw|stg|etl)\.[a-z_0-9]+)", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex Target();
}
