using System.Diagnostics;
using System.Globalization;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Etl.Demo;
using Warehouse.Jobs.Commands;
using Warehouse.Jobs.Demo;
using Warehouse.Kpis;
using Warehouse.Schema;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Reliability;

/// <summary>
/// The real <c>run</c> process killed at random points of a load, 20 times, and on PostgreSQL at the start of
/// every transform and KPI refresh: each time no partial load is
/// visible in the facts, and the next run completes with the warehouse of a clean run (row counts and KPI
/// values). A second run on a finished warehouse changes nothing.
/// </summary>
public sealed class CrashTests
{
    private const int Kills = 20;

    private string folder = null!;

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(folder = Path.Combine(Path.GetTempPath(), "crash-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public async Task A_run_killed_at_random_points_leaves_no_partial_facts_and_the_next_run_equals_a_clean_one()
    {
        var data = Path.Combine(folder, "demo");
        await DemoDataSet.WriteAsync(data, new DemoOptions { Scale = 0.004 });
        await using var api = await DemoCommand.StartApiAsync(data, CancellationToken.None);

        var clean = await PrepareAsync("clean", data);
        var cleanClock = Stopwatch.StartNew();
        Assert.That(await RunAsync(clean, api.BaseAddress, killAfter: null), Is.Zero);
        var cleanDuration = cleanClock.Elapsed;
        var expected = await FingerprintAsync(clean.Database);
        Assert.That(expected.Keys.Count(k => k.StartsWith("kpi ", StringComparison.Ordinal)), Is.GreaterThan(100), "the clean run has KPI values");

        // Idempotence: the same run again changes nothing.
        Assert.That(await RunAsync(clean, api.BaseAddress, killAfter: null), Is.Zero);
        AssertSame(await FingerprintAsync(clean.Database), expected, "a second run");

        var random = new Random(20261125);
        var killedMidway = 0;
        for (var i = 0; i < Kills; i++)
        {
            var crashed = await PrepareAsync($"crash{i}", data);
            var delay = TimeSpan.FromSeconds(cleanDuration.TotalSeconds * (0.05 + 0.7 * random.NextDouble()));
            var exit = await RunAsync(crashed, api.BaseAddress, delay);
            if (exit is not 0) killedMidway++;
            Assert.That(await PartialFactsAsync(crashed.Database), Is.Empty, $"kill {i} after {delay.TotalSeconds:0.0} s: facts of loads that did not succeed");

            Assert.That(await RunAsync(crashed, api.BaseAddress, killAfter: null), Is.Zero, $"the run after kill {i}");
            AssertSame(await FingerprintAsync(crashed.Database), expected, $"kill {i} after {delay.TotalSeconds:0.0} s");

            await using var db = crashed.Database.Open();
            Assert.That(await db.GetTable<EtlLoad>().CountAsync(l => l.Status == "running"), Is.Zero, "a cut-off load is marked failed by the next run");
        }

        Assert.That(killedMidway, Is.GreaterThanOrEqualTo(Kills * 3 / 4), "most kills hit a run that was still going");
    }

    /// <summary>
    /// On PostgreSQL, the run killed the moment each source's transform starts (its last stream has landed) and the
    /// moment its KPI refresh starts (its transform has committed): no partial facts, and the next run equals a clean one.
    /// </summary>
    [Test]
    public async Task A_run_killed_during_a_transform_or_a_refresh_on_PostgreSQL_recovers_to_a_clean_run()
    {
        var server = await PostgresServer.GetAsync();
        var data = Path.Combine(folder, "demo");
        await DemoDataSet.WriteAsync(data, new DemoOptions { Scale = 0.004 });
        await using var api = await DemoCommand.StartApiAsync(data, CancellationToken.None);
        var names = new List<string>();
        try
        {
            async Task<Warehouse> OnPostgresAsync(string name)
            {
                var database = "crash_" + Guid.NewGuid().ToString("N")[..10];
                names.Add(database);
                await server.ExecuteAsync($"CREATE DATABASE {database}");
                return await PrepareAsync(name, data, new WarehouseDatabase(EngineKind.PostgreSql, server.ConnectionString(database)));
            }

            var clean = await OnPostgresAsync("clean");
            var log = new List<string>();
            Assert.That(await RunAsync(clean, api.BaseAddress, killAfter: null, log), Is.Zero);
            var expected = await FingerprintAsync(clean.Database);
            // Where each transform and each refresh begins, as the clean run logged it.
            var triggers = log.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"\] (Landed (\w+)\.\w+:|(\w+): transformed)"))
                .Where(m => m.Success).GroupBy(m => m.Groups[2].Success && m.Groups[2].Value.Length > 0 ? "land " + m.Groups[2].Value : "transformed " + m.Groups[3].Value)
                .Select(g => g.Last().Groups[1].Value).ToList();
            Assert.That(triggers.Count(t => t.EndsWith("transformed", StringComparison.Ordinal)), Is.EqualTo(4), string.Join(" | ", triggers));

            foreach (var trigger in triggers)
            {
                var crashed = await OnPostgresAsync("crash-" + names.Count);
                var exit = await RunAsync(crashed, api.BaseAddress, killAfter: null, killWhen: trigger);
                Assert.That(exit, Is.EqualTo(-1), $"killed at '{trigger}'");
                Assert.That(await PartialFactsAsync(crashed.Database), Is.Empty, $"killed at '{trigger}': facts of loads that did not succeed");
                Assert.That(await RunAsync(crashed, api.BaseAddress, killAfter: null), Is.Zero, $"the run after the kill at '{trigger}'");
                AssertSame(await FingerprintAsync(crashed.Database), expected, $"killed at '{trigger}'");
            }
        }
        finally
        {
            foreach (var name in names) await server.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    private static void AssertSame(Dictionary<string, double> actual, Dictionary<string, double> expected, string what)
    {
        Assert.That(actual.Keys, Is.EquivalentTo(expected.Keys), what);
        foreach (var (key, value) in expected) Assert.That(actual[key], Is.EqualTo(value).Within(1e-6), $"{what}: {key}");
    }

    private sealed record Warehouse(WarehouseDatabase Database, string Drop);

    private async Task<Warehouse> PrepareAsync(string name, string data, WarehouseDatabase? on = null)
    {
        var drop = Path.Combine(folder, name, "files");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(data, "files"), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(drop, Path.GetRelativePath(Path.Combine(data, "files"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var database = on ?? new WarehouseDatabase(EngineKind.DuckDb, $"Data Source={Path.Combine(folder, name, "warehouse.duckdb")}");
        await new WarehouseDeployer(database, new WarehouseSettings()).DeployAsync();
        return new Warehouse(database, drop);
    }

    /// <summary>
    /// The run command as a process; killed after <paramref name="killAfter"/>, or the moment it logs a line containing
    /// <paramref name="killWhen"/>, if still running. Returns its exit code, or -1 when killed; <paramref name="log"/> collects its log lines.
    /// </summary>
    private static async Task<int> RunAsync(Warehouse warehouse, Uri api, TimeSpan? killAfter, List<string>? log = null, string? killWhen = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Warehouse.Jobs.dll"), "run"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Warehouse__Engine"] = warehouse.Database.Engine.ToString();
        start.Environment["ConnectionStrings__Warehouse"] = warehouse.Database.ConnectionString;
        start.Environment["Sources__Files__Root"] = warehouse.Drop;
        foreach (var source in new[] { "Shopify", "Zendesk", "HubSpot" })
        {
            start.Environment[$"Sources__{source}__BaseUrl"] = api.ToString();
            start.Environment[$"Sources__{source}__Token"] = "crash-test";
            start.Environment[$"Sources__{source}__Http__RequestsPerSecond"] = "1000";
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (log is not null || killWhen is not null)
        {
            var killed = false;
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                log?.Add(line);
                if (killWhen is null || !line.Contains(killWhen, StringComparison.Ordinal)) continue;
                process.Kill(entireProcessTree: true);
                killed = true;
                break;
            }

            await process.WaitForExitAsync();
            if (killed) return -1;
            await stdout;
            return process.ExitCode;
        }

        var stderr = process.StandardError.ReadToEndAsync();
        if (killAfter is { } delay)
        {
            using var timeout = new CancellationTokenSource(delay);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                return -1;
            }
        }

        await process.WaitForExitAsync();
        await stdout;
        if (process.ExitCode != 0) TestContext.Out.WriteLine(await stderr);
        return process.ExitCode;
    }

    /// <summary>Fact rows written by a load that did not succeed: what a crash must never leave behind.</summary>
    private static async Task<List<string>> PartialFactsAsync(WarehouseDatabase database)
    {
        await using var db = database.Open();
        var partial = new List<string>();
        foreach (var table in WarehouseTables.All.Select(t => LinqToDB.Mapping.MappingSchema.Default.GetEntityDescriptor(t))
                     .Where(e => e.Name.Schema == Areas.Dw && e.Columns.Any(c => c.ColumnName == "load_id")))
        {
            var count = await db.ExecuteAsync<long>(
                $"SELECT COUNT(*) FROM dw.{table.Name.Name} f WHERE f.load_id > 0 AND NOT EXISTS (SELECT 1 FROM etl.load l WHERE l.load_id = f.load_id AND l.status = 'succeeded')");
            if (count > 0) partial.Add($"{table.Name.Name}: {count}");
        }

        return partial;
    }

    /// <summary>Row counts of every dw table and the quarantine, and every monthly KPI value by slice.</summary>
    private static async Task<Dictionary<string, double>> FingerprintAsync(WarehouseDatabase database)
    {
        var print = new Dictionary<string, double>(StringComparer.Ordinal);
        await using (var db = database.Open())
        {
            foreach (var table in WarehouseTables.All.Select(t => LinqToDB.Mapping.MappingSchema.Default.GetEntityDescriptor(t).Name)
                         .Where(n => n.Schema is Areas.Dw or Areas.Stg || n.Name == "quarantine"))
            {
                print[$"rows {table.Schema}.{table.Name}"] = await db.ExecuteAsync<long>($"SELECT COUNT(*) FROM {table.Schema}.{table.Name}");
            }
        }

        foreach (var v in await KpiReader.ReadAsync(database, "month", slice: null))
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"kpi {v.Code} {v.PeriodStart:yyyy-MM} {v.SliceName}={v.SliceValue}");
            print[key + " numerator"] = v.Numerator ?? double.MinValue;
            print[key + " denominator"] = v.Denominator ?? double.MinValue;
        }

        return print;
    }
}
