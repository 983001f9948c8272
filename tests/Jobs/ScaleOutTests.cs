using Warehouse.Etl.Simulation;
using System.Diagnostics;
using System.Text;
using Hangfire;
using Hangfire.PostgreSql;
using LinqToDB;
using LinqToDB.Async;
using Npgsql;
using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Jobs;
using Warehouse.Jobs.Demo;
using Warehouse.Schema.Dw;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Jobs;

/// <summary>
/// Scale-out as it is deployed: two real <c>serve</c> processes share one PostgreSQL job storage and
/// warehouse for a few minutes while two sources are scheduled every few seconds and their data keeps changing.
/// </summary>
public sealed class ScaleOutTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(3);
    private static readonly string[] Steps = ["land", "transform", "refresh", "reconcile", "alerts"];

    private string folder = null!;

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(folder = Path.Combine(Path.GetTempPath(), "scale-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public async Task Two_servers_split_frequent_runs_without_overlapping_a_source_repeating_a_step_or_duplicating_facts()
    {
        var server = await PostgresServer.GetAsync();
        var name = "scale_" + Guid.NewGuid().ToString("N")[..8];
        await server.ExecuteAsync($"CREATE DATABASE {name}");
        await using var shop = await LoopbackApiServer.StartAsync();
        var processes = new List<(Process Process, StringBuilder Log)>();
        try
        {
            var orders = new List<string>();
            void AddOrder()
            {
                var id = orders.Count + 1;
                var at = ShopifyRecords.Start.AddMinutes(id);
                orders.Add(ShopifyRecords.Order(id, at, at, null, $"c{id % 7}@example.com", [(id * 10, 501, 1, id, 0m)]));
                shop.Shopify["orders"] = ApiRecordSet.FromJson(orders);
            }

            foreach (var resource in new[] { "customers", "products", "checkouts" }) shop.Shopify[resource] = ApiRecordSet.FromJson([]);
            AddOrder();
            var drop = Path.Combine(folder, "drop");
            Directory.CreateDirectory(Path.Combine(drop, "web_sessions"));
            var sessions = 0;
            async Task DropSessionsAsync()
            {
                var file = Path.Combine(drop, "web_sessions", $"sessions-{sessions:D4}.csv");
                await File.WriteAllLinesAsync(file + ".part", ["session_id,session_start,source,medium,page_views", $"s{sessions},2026-03-01T10:00:00Z,google,organic,3"]);
                File.Move(file + ".part", file);
                sessions++;
            }

            var settings = new Dictionary<string, string>
            {
                ["Warehouse__Engine"] = nameof(EngineKind.PostgreSql),
                ["ConnectionStrings__Warehouse"] = server.ConnectionString(name),
                ["Sources__Shopify__BaseUrl"] = shop.BaseAddress.ToString(),
                ["Sources__Shopify__Http__RequestsPerSecond"] = "1000",
                ["Sources__Zendesk__Enabled"] = "false",
                ["Sources__HubSpot__Enabled"] = "false",
                ["Sources__Files__Root"] = drop,
                ["Schedules__Shopify__Cron"] = "*/3 * * * * *",
                ["Schedules__Files__Cron"] = "*/4 * * * * *",
                ["Hangfire__PollingSeconds"] = "1",
                ["Hangfire__Retries"] = "0",
            };
            var host = new HostConfiguration(HostConfiguration.Load(settings.Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value))));
            await new WarehouseDeployer(host.Database, host.Settings).DeployAsync();
            await using (var connection = new NpgsqlConnection(server.ConnectionString(name)))
            {
                await connection.OpenAsync();

                // Installed once before the servers start, so they do not race to create it.
                PostgreSqlObjectsInstaller.Install(connection, "hangfire");
            }

            for (var i = 0; i < 2; i++) processes.Add(StartServe(settings));

            var end = DateTime.UtcNow + Duration;
            for (var tick = 0; DateTime.UtcNow < end; tick++)
            {
                Assert.That(processes.All(p => !p.Process.HasExited), Is.True, () => Logs(processes));
                AddOrder();
                if (tick % 5 == 0) await DropSessionsAsync();
                await Task.Delay(2000);
            }

            // A run of each source that started after the last change picks everything up; then scheduling stops and the runs in flight finish.
            var lastChange = DateTime.UtcNow;
            await using (var control = host.Database.Open())
            {
                var caughtUp = DateTime.UtcNow.AddMinutes(1);
                while (DateTime.UtcNow < caughtUp && await control.GetTable<EtlRunStep>().Where(s => s.Step == "alerts" && s.Status == "succeeded")
                    .Where(s => control.GetTable<EtlRunStep>().Any(l => l.RunId == s.RunId && l.Step == "land" && l.StartedAt > lastChange))
                    .Select(s => s.Source).Distinct().CountAsync() < 2)
                {
                    await Task.Delay(500);
                }
            }

            var storage = new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(server.ConnectionString(name), new PostgreSqlStorageOptions { SchemaName = "hangfire" }),
                new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = false });
            var recurring = new RecurringJobManager(storage);
            recurring.RemoveIfExists("run-Shopify");
            recurring.RemoveIfExists("run-Files");
            var monitoring = storage.GetMonitoringApi();
            var quietSince = DateTime.UtcNow;
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (DateTime.UtcNow < deadline && DateTime.UtcNow - quietSince < TimeSpan.FromSeconds(8))
            {
                var statistics = monitoring.GetStatistics();
                if (statistics.Enqueued + statistics.Processing + statistics.Scheduled > 0) quietSince = DateTime.UtcNow;
                await Task.Delay(500);
            }

            Assert.That(monitoring.FailedJobs(0, 20).Select(j => $"{j.Value.Job?.Method.Name}: {j.Value.ExceptionType} {j.Value.ExceptionMessage}"), Is.Empty);
            await using var db = host.Database.Open();
            var attempts = await db.GetTable<EtlRunStep>().ToListAsync();
            Assert.That(attempts.Where(a => a.Status != "succeeded").Select(a => $"{a.Source} {a.Step} {a.Status} {a.Error}"), Is.Empty);
            foreach (var source in new[] { "Shopify", "Files" })
            {
                var runs = attempts.Where(a => a.Source == source).GroupBy(a => a.RunId)
                    .Select(r => (Id: r.Key, Steps: r.OrderBy(a => a.StartedAt).ToList())).OrderBy(r => r.Steps[0].StartedAt).ToList();
                Assert.That(runs, Has.Count.GreaterThanOrEqualTo(10), $"{source}: runs completed in {Duration}");
                foreach (var (id, steps) in runs)
                {
                    Assert.That(steps.Select(s => s.Step), Is.EqualTo(Steps), $"{source} run {id}: every step once, in order");
                    for (var i = 1; i < steps.Count; i++) Assert.That(steps[i].StartedAt, Is.GreaterThanOrEqualTo(steps[i - 1].EndedAt!.Value), $"{source} run {id}: {steps[i].Step} after {steps[i - 1].Step}");
                }

                for (var i = 1; i < runs.Count; i++)
                {
                    Assert.That(runs[i].Steps[0].StartedAt, Is.GreaterThanOrEqualTo(runs[i - 1].Steps[^1].EndedAt!.Value), $"{source}: run {runs[i].Id} starts after run {runs[i - 1].Id} ended");
                }
            }

            Assert.That(attempts.Select(a => a.ServerName).Distinct().Count(), Is.EqualTo(2), "both servers took work");

            // Everything served and dropped is in the facts once.
            Assert.That(await db.GetTable<FactOrderLine>().CountAsync(), Is.EqualTo(orders.Count));
            Assert.That(await db.GetTable<FactOrderLine>().Select(f => f.OrderId).Distinct().CountAsync(), Is.EqualTo(orders.Count));
            Assert.That(await db.GetTable<FactOrderLine>().SumAsync(f => f.NetAmount), Is.EqualTo(orders.Count * (orders.Count + 1) / 2m));
            Assert.That(await db.GetTable<FactWebSession>().CountAsync(), Is.EqualTo(sessions));
            Assert.That(await db.GetTable<EtlLoadedFile>().CountAsync(), Is.EqualTo(sessions));
        }
        finally
        {
            foreach (var (process, _) in processes)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
            }

            await server.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    private (Process, StringBuilder) StartServe(Dictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Warehouse.Jobs.dll"), "serve", "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        foreach (var (key, value) in settings) start.Environment[key] = value;
        var log = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, log);
    }

    private static string Logs(List<(Process Process, StringBuilder Log)> processes) =>
        string.Join("\n---\n", processes.Select(p => { lock (p.Log) return p.Log.ToString()[^Math.Min(p.Log.Length, 4000)..]; }));
}
