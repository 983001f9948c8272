using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Serilog;
using Warehouse.Etl.Demo;
using Warehouse.Jobs.Commands;

namespace Warehouse.Jobs.Bench;

/// <summary>
/// <c>bench --scale N</c>: generates the demo sources at scale N (1 = about 100,000 orders), serves the API
/// shapes from a separate process, and runs the measured stages on DuckDB and PostgreSQL (a throwaway local
/// cluster unless <c>--postgres</c> names a database). Prints rows, seconds, rows per second and peak memory
/// per stage, the landing speed as a share of the engine's own bulk load, and the incremental run against the full one.
/// </summary>
internal static class BenchCommand
{
    private const string ChangedAt = "2026-11-01T12:00:00Z";

    public static Command Create()
    {
        var scale = new Option<double>("--scale") { Description = "Size of the data set (1 = about 100,000 orders, 10 = about 1,000,000)", DefaultValueFactory = _ => 1 };
        var engines = new Option<string>("--engines") { Description = "Engines to measure, comma-separated", DefaultValueFactory = _ => "duckdb,postgresql" };
        var postgres = new Option<string?>("--postgres") { Description = "Connection string of an empty PostgreSQL database (default: a throwaway local cluster)" };
        var folder = new Option<DirectoryInfo?>("--folder") { Description = "Working folder (default: data/bench)" };
        var command = new Command("bench", "Measure the pipeline on generated data: per stage rows, seconds, rows/s and peak memory, against the engines' own bulk load.")
        {
            scale, engines, postgres, folder,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync((host, token) => RunAsync(host, parse.GetValue(scale), parse.GetValue(engines)!,
            parse.GetValue(postgres), parse.GetValue(folder)?.FullName ?? Path.GetFullPath(Path.Combine("data", "bench")), token), ct));
        return command;
    }

    private static async Task<int> RunAsync(HostConfiguration host, double scale, string engineList, string? postgres, string folder, CancellationToken ct)
    {
        var data = Path.Combine(folder, "data");
        var changed = Path.Combine(folder, "changed");
        var clock = Stopwatch.StartNew();
        var summary = await DemoDataSet.WriteAsync(data, new DemoOptions { Scale = scale }, null, ct);
        Log.Information("Generated scale {Scale}: {Records:N0} records in {Seconds:0} s", scale, summary.RecordsPerStream.Values.Sum(), clock.Elapsed.TotalSeconds);
        var changedCount = ChangeOnePercent(data, changed);
        Log.Information("Changed {Changed:N0} API records (1%) for the incremental run", changedCount);

        var stages = new List<BenchStage>();
        var notes = new List<string>();
        LocalPostgres? cluster = null;
        try
        {
            foreach (var engine in engineList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var kind = Enum.Parse<Engines.EngineKind>(engine, ignoreCase: true);
                var work = Path.Combine(folder, kind.ToString().ToLowerInvariant());
                if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
                CopyFolder(Path.Combine(data, "files"), Path.Combine(work, "files"));
                string connectionString;
                if (kind == Engines.EngineKind.PostgreSql && postgres is null)
                {
                    cluster ??= await LocalPostgres.StartAsync();
                    await cluster.ExecuteAsync("DROP DATABASE IF EXISTS bench");
                    await cluster.ExecuteAsync("CREATE DATABASE bench");
                    connectionString = cluster.ConnectionString("bench");
                }
                else
                {
                    connectionString = kind == Engines.EngineKind.PostgreSql ? postgres! : $"Data Source={Path.Combine(work, "warehouse.duckdb")}";
                }

                await MeasureEngineAsync(host, kind, connectionString, data, changed, work, stages, notes, ct);
            }
        }
        finally
        {
            if (cluster is not null) await cluster.DisposeAsync();
        }

        await Console.Out.WriteAsync(Report(stages, notes, scale, summary, changedCount));
        return 0;
    }

    private static async Task MeasureEngineAsync(HostConfiguration host, Engines.EngineKind kind, string connectionString, string data, string changed, string work,
        List<BenchStage> stages, List<string> notes, CancellationToken ct)
    {
        HostConfiguration Configure(Uri api) => new(new ConfigurationBuilder().AddConfiguration(host.Configuration).AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Warehouse:Engine"] = kind.ToString(),
            ["ConnectionStrings:Warehouse"] = connectionString,
            ["Sources:Shopify:BaseUrl"] = api.ToString(), ["Sources:Shopify:Token"] = "bench", ["Sources:Shopify:Http:RequestsPerSecond"] = "100000",
            ["Sources:Zendesk:BaseUrl"] = api.ToString(), ["Sources:Zendesk:Token"] = "bench", ["Sources:Zendesk:Http:RequestsPerSecond"] = "100000",
            ["Sources:HubSpot:BaseUrl"] = api.ToString(), ["Sources:HubSpot:Token"] = "bench", ["Sources:HubSpot:Http:RequestsPerSecond"] = "100000",
            ["Sources:Files:Root"] = Path.Combine(work, "files"),
        }).Build());

        var name = kind.ToString();
        HostConfiguration configured;
        await using (var api = await DemoApiProcess.StartAsync(data, ct))
        {
            configured = Configure(api.Address);
            await BenchRun.DeployAsync(configured, ct);
            var run = new BenchRun(configured, name, stages, notes);
            await run.FullAsync("full run", ct);
            await run.KpiViewsAsync(ct);
            await run.KpiTableAsync(ct);
        }

        await using (var api = await DemoApiProcess.StartAsync(changed, ct))
        {
            var incremental = new BenchRun(Configure(api.Address), name, stages, notes);
            await incremental.FullAsync("incremental (1% changed)", ct);
            await incremental.CheckKpiTableAsync("incremental (1% changed)", ct);
        }

        await new BenchRun(configured, name, stages, notes).LandingAgainstLimitAsync(data, ct);
    }

    /// <summary>A copy of the API files where every hundredth record was updated after the data set's last day.</summary>
    private static long ChangeOnePercent(string data, string changed)
    {
        long count = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(data, "api"), "*.jsonl", SearchOption.AllDirectories))
        {
            var target = Path.Combine(changed, Path.GetRelativePath(data, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var property = file.Contains("hubspot", StringComparison.Ordinal) ? "updatedAt" : Path.GetFileName(file) == "ticket_audits.jsonl" ? "created_at" : "updated_at";
            using var writer = new StreamWriter(target, false, new UTF8Encoding(false));
            var line = 0;
            foreach (var text in File.ReadLines(file))
            {
                if (text.Length > 0 && ++line % 100 == 0 && JsonNode.Parse(text) is JsonObject record && record.ContainsKey(property))
                {
                    record[property] = ChangedAt;
                    writer.WriteLine(record.ToJsonString());
                    count++;
                }
                else
                {
                    writer.WriteLine(text);
                }
            }
        }

        return count;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static string Report(List<BenchStage> stages, List<string> notes, double scale, DemoSummary summary, long changed)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Benchmark at scale {scale}: {string.Join(", ", summary.RecordsPerStream.Select(r => $"{r.Key} {r.Value:N0}"))}; {changed:N0} API records changed for the incremental run.");
        text.AppendLine(c, $"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024 / 1024 / 1024.0:0} GB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        text.AppendLine();
        text.AppendLine(c, $"{"engine",-11} {"stage",-62} {"rows",12} {"seconds",9} {"rows/s",11} {"peak MB",8}");
        foreach (var s in stages)
        {
            text.AppendLine(c, $"{s.Engine,-11} {s.Stage,-62} {s.Rows,12:N0} {s.Seconds,9:0.00} {s.RowsPerSecond,11:N0} {s.PeakMegabytes,8:0}");
        }

        text.AppendLine();
        foreach (var engine in stages.Select(s => s.Engine).Distinct())
        {
            var mine = stages.Where(s => s.Engine == engine).ToList();
            double Seconds(string prefix) => mine.Where(s => s.Stage.StartsWith(prefix, StringComparison.Ordinal)).Sum(s => s.Seconds);
            var landing = mine.Single(s => s.Stage.StartsWith("land pre-extracted", StringComparison.Ordinal));
            var limit = mine.Single(s => s.Stage.StartsWith("engine limit", StringComparison.Ordinal));
            var full = Seconds("full run");
            var incremental = Seconds("incremental");
            var reconcile = Seconds("incremental (1% changed): reconcile");
            text.AppendLine(c, $"{engine}: landing {landing.RowsPerSecond:N0} rows/s = {landing.RowsPerSecond / limit.RowsPerSecond:0.00} of the engine's bulk load ({limit.RowsPerSecond:N0} rows/s); " +
                $"incremental run {incremental:0.0} s = {incremental / full:0.00} of the full run ({full:0.0} s); peak memory of the pipeline {mine.Where(s => s != limit).Max(s => s.PeakMegabytes):0} MB");
            text.AppendLine(c, $"{engine}: the incremental run's reconciliation {reconcile:0.00} s = {(incremental - reconcile > 0 ? reconcile / (incremental - reconcile) : 0):0.00} of the rest of the incremental run ({incremental - reconcile:0.0} s)");
        }

        if (notes.Count > 0) text.AppendLine();
        foreach (var note in notes) text.AppendLine(note);
        return text.ToString();
    }
}
