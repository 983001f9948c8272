using LinqToDB.Data;

namespace Warehouse.Engines;

/// <summary>Opens connections to the configured warehouse.</summary>
public sealed class WarehouseDatabase(EngineKind engine, string connectionString)
{
    public EngineKind Engine { get; } = engine;

    public SqlDialect Dialect { get; } = SqlDialect.For(engine);

    public string ConnectionString { get; } = connectionString;

    public DataConnection Open()
    {
        if (Engine == EngineKind.DuckDb) EnsureDuckDbFolder(ConnectionString);
        return new DataConnection(Dialect.CreateOptions(ConnectionString));
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
