using System.CommandLine;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Npgsql;
using Serilog;
using Warehouse.Engines;
using Warehouse.Jobs.PowerBi;

namespace Warehouse.Jobs.Commands;

/// <summary>
/// <c>powerbi --out DIR</c>: writes the Power BI project of the warehouse (model in TMDL, a scorecard report) and Excel
/// connection files for the exec and kpi views and the OData feed. The server and database default to the configured
/// warehouse's (host and database only: never a user or password).
/// </summary>
internal static partial class PowerBiCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Folder to write the project into", Required = true };
        var engine = new Option<string?>("--engine", "-e") { Description = "The warehouse's server: sqlserver (also Fabric and Synapse) or postgresql (default: Warehouse:Engine)" };
        engine.AcceptOnlyFromAmong("sqlserver", "postgresql");
        var server = new Option<string?>("--server") { Description = "Server as Power BI connects to it: host or host,port (SQL Server), host:port (PostgreSQL)" };
        var database = new Option<string?>("--database") { Description = "Warehouse database name" };
        var feed = new Option<string?>("--feed") { Description = "Address of the OData feed (default: http://localhost:5080/odata/)" };
        var command = new Command("powerbi", "Write a Power BI project (TMDL model with the star, its relationships and a measure per KPI; a scorecard page) and Excel .odc connection files.")
        {
            output, engine, server, database, feed,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync((host, _) =>
        {
            var kind = parse.GetValue(engine) switch
            {
                "sqlserver" => EngineKind.SqlServer,
                "postgresql" => EngineKind.PostgreSql,
                _ => host.Database.Engine switch
                {
                    EngineKind.PostgreSql => EngineKind.PostgreSql,
                    EngineKind.SqlServer or EngineKind.Fabric or EngineKind.Synapse => EngineKind.SqlServer,
                    _ => throw new ArgumentException(
                        "Power BI Desktop cannot open the embedded DuckDB file: read it through the OData feed (`serve`, then Get Data > OData feed http://localhost:5080/odata/), " +
                        "or, for a warehouse on a server, pass --engine sqlserver (also Fabric and Synapse) or --engine postgresql."),
                },
            };

            var (configuredServer, configuredDatabase) = host.Database.Engine == kind ? Address(kind, host.Database.ConnectionString) : (null, null);
            var serverName = Checked("server", parse.GetValue(server) ?? configuredServer ?? "localhost");
            var databaseName = Checked("database", parse.GetValue(database) ?? configuredDatabase ?? "CxWarehouse");
            var folder = parse.GetValue(output)!.FullName;
            var project = new PowerBiProject(kind, serverName, databaseName);
            project.WriteTo(folder);
            var odc = new OdcFiles(kind, serverName, databaseName, FeedAddress(parse.GetValue(feed) ?? "http://localhost:5080/odata/"));
            foreach (var (path, content) in odc.Files())
            {
                var target = Path.Combine(folder, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, content);
            }

            Console.WriteLine($"Wrote {Path.Combine(folder, PowerBiProject.Name + ".pbip")} ({kind}, server {serverName}, database {databaseName}): " +
                $"{Bi.StarModel.Tables.Count} tables, {Bi.StarModel.Relationships.Count} relationships, {Bi.KpiMeasures.All.Count} KPI measures; " +
                $"{odc.Files().Count} Excel connection files in {Path.Combine(folder, "excel")}");
            Log.Information("Open {Project} in Power BI Desktop; docs/bi.md says what to check the first time", PowerBiProject.Name + ".pbip");
            return Task.FromResult(0);
        }, ct));
        return command;
    }

    /// <summary>Host (with port) and database of the configured connection string; nothing else of it is read.</summary>
    private static (string? Server, string? Database) Address(EngineKind kind, string connectionString)
    {
        if (kind == EngineKind.SqlServer)
        {
            var sql = new SqlConnectionStringBuilder(connectionString);
            return (NullIfEmpty(sql.DataSource), NullIfEmpty(sql.InitialCatalog));
        }

        var pg = new NpgsqlConnectionStringBuilder(connectionString);
        return (pg.Host is { Length: > 0 } h ? (pg.Port is 5432 or 0 ? h : $"{h}:{pg.Port}") : null, NullIfEmpty(pg.Database));
    }

    private static Uri FeedAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !text.Contains('"', StringComparison.Ordinal)
            ? uri
            : throw new ArgumentException($"--feed '{text}' is not an http or https address.");

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // The names go into connection strings and M text: letters, digits and the punctuation of host names and ports only.
    private static string Checked(string what, string value) => SafeName().IsMatch(value)
        ? value
        : throw new ArgumentException($"The {what} '{value}' has characters a connection file cannot carry: use letters, digits and . , : - _ \\ only.");

    [GeneratedRegex(@"^[A-Za-z0-9_.,:\-\\]{1,128}$")]
    private static partial Regex SafeName();
}
