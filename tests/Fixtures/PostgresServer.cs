using Warehouse.Jobs.Bench;

namespace Warehouse.Tests.Fixtures;

/// <summary>
/// The throwaway PostgreSQL cluster of the test run (<see cref="LocalPostgres"/>): started once, on first
/// use; stopped when the run ends. Without PostgreSQL binaries the tests that need it are ignored, except
/// in CI (CI=true) where that fails.
/// </summary>
internal sealed class PostgresServer
{
    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static PostgresServer? shared;
    private static string? unavailable;

    private readonly LocalPostgres cluster;

    private PostgresServer(LocalPostgres cluster) => this.cluster = cluster;

    public int Port => cluster.Port;

    public string ConnectionString(string database) => cluster.ConnectionString(database);

    public Task ExecuteAsync(string sql, string database = "postgres") => cluster.ExecuteAsync(sql, database);

    public static async Task<PostgresServer> GetAsync()
    {
        await StartLock.WaitAsync();
        try
        {
            if (shared is not null) return shared;
            if (unavailable is null)
            {
                try { shared = new PostgresServer(await LocalPostgres.StartAsync()); return shared; }
                catch (Exception ex) { unavailable = ex.Message; }
            }
        }
        finally
        {
            StartLock.Release();
        }

        var message = $"PostgreSQL test server unavailable: {unavailable}";
        if (IsCi) Assert.Fail(message);
        Assert.Ignore(message);
        throw new InvalidOperationException(message);
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static async Task StopSharedAsync()
    {
        if (shared is not null) await shared.cluster.DisposeAsync();
        shared = null;
    }
}
