using LinqToDB.Data;

namespace Warehouse.Engines;

/// <summary>Opens connections to the configured warehouse.</summary>
public sealed class WarehouseDatabase(EngineKind engine, string connectionString)
{
    public EngineKind Engine { get; } = engine;

    public SqlDialect Dialect { get; } = SqlDialect.For(engine);

    /// <summary>
    /// DuckDB's default buffer pool is 80% of the machine's memory, inside this process. The warehouse
    /// bounds it so a job's footprint stays flat as data grows: larger work spills to the database's
    /// temporary folder instead. Insertion order is not kept (every read of the warehouse orders what it
    /// needs), which lets DuckDB stream INSERT ... SELECT within the bound. Settings in the connection
    /// string win.
    /// </summary>
    public const string DuckDbMemoryLimit = "512MB";

    public string ConnectionString { get; } = engine == EngineKind.DuckDb ? WithDuckDbDefaults(connectionString) : connectionString;

    public DataConnection Open()
    {
        if (Engine == EngineKind.DuckDb) EnsureDuckDbFolder(ConnectionString);
        return new DataConnection(Dialect.CreateOptions(ConnectionString));
    }

    private static string WithDuckDbDefaults(string connectionString)
    {
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!builder.ContainsKey("memory_limit")) builder["memory_limit"] = DuckDbMemoryLimit;
        if (!builder.ContainsKey("preserve_insertion_order")) builder["preserve_insertion_order"] = "false";
        return builder.ConnectionString;
    }

    /// <summary>DuckDB creates the file but not its folder.</summary>
    private static void EnsureDuckDbFolder(string connectionString)
    {
        var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (builder.TryGetValue("Data Source", out var source) && source is string path && path.Length > 0 && path != ":memory:")
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
    }
}
