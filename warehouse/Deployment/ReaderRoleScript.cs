using System.Text.RegularExpressions;
using Warehouse.Engines;
using Warehouse.Schema;

namespace Warehouse.Deployment;

/// <summary>
/// A role for report readers (Power BI, Excel, analysts): it can read the views of the <c>bi</c>, <c>kpi</c>
/// and <c>exec</c> areas and nothing else; <c>stg</c>, <c>etl</c> and the <c>dw</c> tables stay closed.
/// Members are added with the engine's own statements (GRANT role TO user, ALTER ROLE ... ADD MEMBER).
/// </summary>
public static partial class ReaderRoleScript
{
    public const string DefaultRole = "warehouse_reader";

    public static readonly IReadOnlyList<string> ReadableAreas = [Areas.Bi, Areas.Kpi, Areas.Exec];

    public static IReadOnlyList<string> Statements(SqlDialect dialect, string role = DefaultRole)
    {
        if (!RoleName().IsMatch(role))
        {
            throw new ArgumentException($"'{role}' is not a plain role name (letters, digits and underscores, not starting with a digit).", nameof(role));
        }

        return dialect.ReaderRole(role, ReadableAreas);
    }

    public static string Render(SqlDialect dialect, string role = DefaultRole) =>
        $"-- Reader role {role} for {dialect.Kind}: reads the {string.Join(", ", ReadableAreas)} views only.\n" +
        string.Join("\n", Statements(dialect, role).Select(s => s + dialect.BatchSeparator + "\n"));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex RoleName();
}
