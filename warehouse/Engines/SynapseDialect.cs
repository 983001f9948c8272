using System.Text.RegularExpressions;
using LinqToDB.Mapping;

namespace Warehouse.Engines;

/// <summary>
/// Azure Synapse Analytics dedicated SQL pool: SQL Server's T-SQL over 60 distributions. What differs is how
/// tables are spread and stored, that keys are metadata only, and which statements the pool accepts.
/// Table design: https://learn.microsoft.com/azure/synapse-analytics/sql-data-warehouse/sql-data-warehouse-tables-overview
/// </summary>
internal sealed class SynapseDialect : DistributedSqlDialect
{
    public static new readonly SynapseDialect Instance = new();

    public override EngineKind Kind => EngineKind.Synapse;

    /// <summary>
    /// Facts are hashed on their key, so a fact's rows spread evenly and a row's delete and insert meet on
    /// one distribution; dimensions are copied to every node, so no join moves fact rows; staging tables are
    /// round-robin heaps, the fastest to bulk load and read once. A columnstore cannot hold NVARCHAR(MAX)
    /// (the free-text comments of ratings and survey answers), so those two facts are clustered on their key.
    /// </summary>
    public override string TableOptions(TableRole role, IReadOnlyList<ColumnDescriptor> columns)
    {
        var key = columns.Where(c => c.IsPrimaryKey).OrderBy(c => c.PrimaryKeyOrder).Select(c => Quote(c.ColumnName)).ToList();
        var longText = columns.Any(c => ColumnType(c) == "NVARCHAR(MAX)");
        return role switch
        {
            TableRole.Fact when key.Count > 0 => $"WITH (DISTRIBUTION = HASH({key[0]}), {(longText ? $"CLUSTERED INDEX ({string.Join(", ", key)})" : "CLUSTERED COLUMNSTORE INDEX")})",
            TableRole.Dimension when key.Count > 0 => $"WITH (DISTRIBUTION = REPLICATE, CLUSTERED INDEX ({string.Join(", ", key)}))",
            _ => "WITH (DISTRIBUTION = ROUND_ROBIN, HEAP)",
        };
    }

    /// <summary>
    /// The pool's UPDATE names its target by table, not alias, and joins it in FROM (UPDATE, "Syntax for Azure
    /// Synapse Analytics"), so the alias's references are written with the table's name.
    /// </summary>
    public override string UpdateFrom(string table, string alias, string set, string source, string sourceAlias, string join, string where)
    {
        var target = new Regex($@"\b{Regex.Escape(alias)}\.");
        string Named(string text) => target.Replace(text, table + ".");
        return $"UPDATE {table} SET {Named(set)}\nFROM {table} JOIN ({source}) AS {sourceAlias} ON {Named(join)}\nWHERE {Named(where)}";
    }

    // A CTE may lead only a SELECT or a CTAS here (WITH common_table_expression, "Features and limitations in
    // Azure Synapse Analytics").
    public override bool CommonTableExpressionLeadsInsert => false;
}
