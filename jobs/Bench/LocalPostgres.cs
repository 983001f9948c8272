using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Warehouse.Jobs.Bench;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a temporary folder, listening on a free loopback port with
/// fsync off, stopped and deleted on dispose. Used by the benchmark and the tests when no server is given.
/// Needs Debian's postgresql package; as root the tools run as the postgres user (initdb refuses root).
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string binDirectory;
    private readonly string dataDirectory;
    private readonly bool asPostgresUser;

    private LocalPostgres(string binDirectory, string dataDirectory, int port, bool asPostgresUser)
    {
        this.binDirectory = binDirectory;
        this.dataDirectory = dataDirectory;
        this.asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = true, MaxPoolSize = 20 }.ConnectionString;

    public async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<LocalPostgres> StartAsync()
    {
        var bin = FindBinDirectory() ?? throw new InvalidOperationException("no initdb under /usr/lib/postgresql/*/bin (install the postgresql package)");
        var asPostgres = Environment.UserName == "root";
        var data = Path.Combine(Path.GetTempPath(), "warehouse-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        if (asPostgres) await RunAsync("chown", $"postgres {data}", false);
        var server = new LocalPostgres(bin, data, FreePort(), asPostgres);
        var cluster = Path.Combine(data, "cluster");
        await server.RunToolAsync("initdb", $"-D {cluster} -U postgres --auth=trust -E UTF8 --no-sync");
        await server.RunToolAsync("pg_ctl",
            $"-D {cluster} -l {Path.Combine(data, "server.log")} -w -t 60 " +
            $"-o \"-p {server.Port} -c listen_addresses=127.0.0.1 -k {data} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try { await RunToolAsync("pg_ctl", $"-D {Path.Combine(dataDirectory, "cluster")} -m immediate -w stop"); }
        catch (InvalidOperationException) { }
        try { Directory.Delete(dataDirectory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private Task RunToolAsync(string tool, string arguments) => RunAsync(Path.Combine(binDirectory, tool), arguments, asPostgresUser);

    private static async Task RunAsync(string file, string arguments, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }

    private static string? FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
