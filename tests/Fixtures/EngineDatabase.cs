using Microsoft.Data.SqlClient;
using Warehouse.Engines;

namespace Warehouse.Tests.Fixtures;

/// <summary>
/// A fresh, empty database on one engine for one test: a DuckDB file in a temporary folder, a new
/// database on the test PostgreSQL server, or (when WAREHOUSE_SQLSERVER holds a connection string)
/// a new database on that SQL Server. Without that variable SQL Server tests are reported as not run.
/// </summary>
internal sealed class EngineDatabase : IAsyncDisposable
{
    private readonly Func<Task> drop;

    private EngineDatabase(WarehouseDatabase database, Func<Task> drop)
    {
        Database = database;
        this.drop = drop;
    }

    public WarehouseDatabase Database { get; }

    public EngineKind Engine => Database.Engine;

    public static async Task<EngineDatabase> CreateAsync(EngineKind engine)
    {
        var name = "wh_" + Guid.NewGuid().ToString("N")[..12];
        switch (engine)
        {
            case EngineKind.DuckDb:
            {
                var folder = Path.Combine(Path.GetTempPath(), name);
                Directory.CreateDirectory(folder);
                var database = new WarehouseDatabase(engine, $"Data Source={Path.Combine(folder, "warehouse.duckdb")}");
                return new EngineDatabase(database, () => { Directory.Delete(folder, true); return Task.CompletedTask; });
            }

            case EngineKind.PostgreSql:
            {
                var server = await PostgresServer.GetAsync();
                await server.ExecuteAsync($"CREATE DATABASE {name}");
                var database = new WarehouseDatabase(engine, server.ConnectionString(name));
                return new EngineDatabase(database, () => server.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }

            case EngineKind.SqlServer:
            {
                var connectionString = Environment.GetEnvironmentVariable("WAREHOUSE_SQLSERVER");
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    Assert.Ignore("Not run: set WAREHOUSE_SQLSERVER to a SQL Server connection string to run the SQL Server tests.");
                }

                var master = new SqlConnectionStringBuilder(connectionString) { InitialCatalog = "master" }.ConnectionString;
                await ExecuteSqlServerAsync(master, $"CREATE DATABASE [{name}]");
                var database = new WarehouseDatabase(engine, new SqlConnectionStringBuilder(connectionString) { InitialCatalog = name }.ConnectionString);
                return new EngineDatabase(database, () => ExecuteSqlServerAsync(master, $"ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]"));
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(engine), engine, null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await drop();
    }

    private static async Task ExecuteSqlServerAsync(string connectionString, string sql)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
