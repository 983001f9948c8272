using LinqToDB;
using LinqToDB.Data;
using LinqToDB.Mapping;

namespace Warehouse.Engines;

/// <summary>
/// Microsoft Fabric Warehouse: T-SQL over Delta Parquet tables, distributed by the service itself. Its
/// documented limits decide the differences from SQL Server:
/// data types https://learn.microsoft.com/fabric/data-warehouse/data-types,
/// tables and constraints https://learn.microsoft.com/fabric/data-warehouse/tables,
/// T-SQL surface https://learn.microsoft.com/fabric/data-warehouse/tsql-surface-area.
/// </summary>
internal sealed class FabricDialect : DistributedSqlDialect
{
    public static new readonly FabricDialect Instance = new();

    public override EngineKind Kind => EngineKind.Fabric;

    // No nchar/nvarchar (Parquet has no UTF-16 strings): varchar in the warehouse's UTF-8 collation, up to
    // 8,000 bytes, or VARCHAR(MAX) (16 MB a value) for the long texts such as quarantined payloads.
    public override string TextType(int length) => length is > 0 and <= 8000 ? $"VARCHAR({length})" : "VARCHAR(MAX)";

    // varchar in a UTF-8 collation holds every script, so literals stay varchar like the columns.
    public override string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public override string ColumnType(ColumnDescriptor column)
    {
        var type = ClrType(column);
        if (type == typeof(string)) return column.Length is > 0 and <= 8000 ? $"VARCHAR({column.Length})" : "VARCHAR(MAX)";
        // datetime2 up to 6 digits; the warehouse keeps milliseconds everywhere.
        if (type == typeof(DateTime)) return "DATETIME2(3)";
        return base.ColumnType(column);
    }

    // IDENTITY is BIGINT only, without seed or increment, and promises uniqueness, not order.
    public override string IdentityClause(string schema, string table, string column) => "IDENTITY";

    // The TDS bulk copy is refused ("INSERT is not a supported statement type", dotnet/SqlClient#2995):
    // landing writes multi-row INSERTs instead.
    public override BulkCopyOptions BulkCopy => new() { BulkCopyType = BulkCopyType.MultipleRows, MaxBatchSize = 1_000 };
}
