using LinqToDB;
using LinqToDB.DataProvider.SqlServer;
using LinqToDB.Mapping;

namespace Warehouse.Engines;

/// <summary>SQL Server 2022; the distributed platforms (Synapse, Fabric) derive from it.</summary>
internal class SqlServerDialect : SqlDialect
{
    public static readonly SqlServerDialect Instance = new();

    public override EngineKind Kind => EngineKind.SqlServer;

    public override string True => "1";

    public override string False => "0";

    public override string FloatType => "FLOAT";

    // An application lock owned by the transaction: released at commit or rollback.
    public override string? DeployLock => "EXEC sp_getapplock @Resource = 'warehouse-deploy', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 600000";

    public override (string Take, string Release)? SourceLock(int source) =>
        ($"EXEC sp_getapplock @Resource = 'warehouse-source-{source}', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1",
         $"EXEC sp_releaseapplock @Resource = 'warehouse-source-{source}', @LockOwner = 'Session'");

    public override string? StarLock => "EXEC sp_getapplock @Resource = 'warehouse-star', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = -1";

    public override string TextType(int length) => $"NVARCHAR({length})";

    // Unicode literals: a plain '...' is converted to the database's code page, which loses Cyrillic and Persian.
    public override string Literal(string value) => "N" + base.Literal(value);

    public override string BatchSeparator => "\nGO";

    // Version and provider are fixed so that rendering SQL never tries to reach a server.
    public override DataOptions CreateOptions(string connectionString) =>
        new DataOptions().UseSqlServer(connectionString, SqlServerVersion.v2022, SqlServerProvider.MicrosoftDataSqlClient);

    public override string Quote(string identifier) => "[" + identifier.Replace("]", "]]", StringComparison.Ordinal) + "]";

    public override string CreateSchema(string schema) => $"CREATE SCHEMA {Quote(schema)}";

    public override string ColumnType(ColumnDescriptor column)
    {
        var type = ClrType(column);
        if (type == typeof(string)) return column.Length is > 0 and <= 4000 ? $"NVARCHAR({column.Length})" : "NVARCHAR(MAX)";
        if (type == typeof(int)) return "INT";
        if (type == typeof(long)) return "BIGINT";
        if (type == typeof(short)) return "SMALLINT";
        if (type == typeof(bool)) return "BIT";
        if (type == typeof(double)) return "FLOAT";
        if (type == typeof(decimal)) { var (p, s) = DecimalShape(column); return $"DECIMAL({p},{s})"; }
        if (type == typeof(DateTime)) return "DATETIME2(3)";
        if (type == typeof(DateOnly)) return "DATE";
        throw new NotSupportedException($"No SQL Server type for {type.Name} ({column.ColumnName}).");
    }

    public override string? SetNotNull(string schema, string table, ColumnDescriptor column) =>
        $"ALTER TABLE {QualifiedName(schema, table)} ALTER COLUMN {Quote(column.ColumnName)} {ColumnType(column)} NOT NULL";

    public override string AddColumn(string schema, string table, string columnDefinition) =>
        $"ALTER TABLE {QualifiedName(schema, table)} ADD {columnDefinition}";

    public override string UpdateFrom(string table, string alias, string set, string source, string sourceAlias, string join, string where) =>
        $"UPDATE {alias} SET {set}\nFROM {table} AS {alias} JOIN ({source}) {sourceAlias} ON {join}\nWHERE {where}";

    public override string AddHours(string timestamp, int hours) => $"DATEADD(hour, {hours}, {timestamp})";

    public override string SecondsBetween(string from, string to) => $"(DATEDIFF_BIG(millisecond, {from}, {to}) / 1000.0)";

    public override string AddDays(string date, int days) => $"DATEADD(day, {days}, {date})";

    public override string AddMonths(string date, int months) => $"DATEADD(month, {months}, {date})";

    public override string UtcNow => "SYSUTCDATETIME()";

    public override string Timestamp(DateTime value) => $"CAST('{value:yyyy-MM-ddTHH:mm:ss.fff}' AS DATETIME2(3))";

    public override string IdentityClause(string schema, string table, string column) => "IDENTITY(1,1)";

    // A clustered columnstore is the table's storage, so the key becomes a nonclustered index beside it.
    public override string? PrimaryKeyClause(bool isFact) => isFact ? "PRIMARY KEY NONCLUSTERED" : "PRIMARY KEY";

    public override IEnumerable<string> FactTableExtras(string schema, string table) =>
        [$"CREATE CLUSTERED COLUMNSTORE INDEX {Quote("cci_" + table)} ON {QualifiedName(schema, table)}"];

    // Schema-level grants outlive the views that each deploy recreates.
    public override IReadOnlyList<string> ReaderRole(string role, IReadOnlyList<string> areas) =>
        [$"CREATE ROLE {Quote(role)} AUTHORIZATION [dbo]", .. areas.Select(a => $"GRANT SELECT ON SCHEMA::{Quote(a)} TO {Quote(role)}")];
}
