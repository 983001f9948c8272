using Warehouse.Etl.Simulation;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hangfire;
using Hangfire.Storage;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using LinqToDB.Data;
using Microsoft.AspNetCore.Http;
using Warehouse.Deployment;
using Warehouse.Jobs.Demo;
using Warehouse.Schema.Etl;
using Warehouse.Engines;
using Warehouse.Jobs;
using Warehouse.Jobs.Host;
using Warehouse.Schema.Dw;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Jobs;

/// <summary>The scheduler host: a real Kestrel web host with a Hangfire server, on PostgreSQL job storage.</summary>
public sealed class HostTests
{
    private string folder = null!;

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(folder = Path.Combine(Path.GetTempPath(), "host-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    private static HostConfiguration Configure(EngineKind engine, string connectionString, string dropFolder, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Warehouse:Engine"] = engine.ToString(),
            ["ConnectionStrings:Warehouse"] = connectionString,
            ["Sources:Shopify:Enabled"] = "false",
            ["Sources:Zendesk:Enabled"] = "false",
            ["Sources:HubSpot:Enabled"] = "false",
            ["Sources:Files:Root"] = dropFolder,
            ["Schedules:Files:Cron"] = "0 0 1 1 *",
            ["Hangfire:PollingSeconds"] = "1",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return new HostConfiguration(HostConfiguration.Load(settings));
    }

    [Test]
    public async Task A_triggered_run_lands_transforms_refreshes_and_evaluates_alerts_in_order_on_postgresql_storage()
    {
        var server = await PostgresServer.GetAsync();
        var name = "host_" + Guid.NewGuid().ToString("N")[..8];
        await server.ExecuteAsync($"CREATE DATABASE {name}");
        try
        {
            var drop = Path.Combine(folder, "drop");
            Directory.CreateDirectory(Path.Combine(drop, "web_sessions"));
            await File.WriteAllLinesAsync(Path.Combine(drop, "web_sessions", "s.csv"),
                ["session_id,session_start,source,medium,page_views", "s1,2026-03-01T10:00:00Z,google,organic,3", "s2,2026-03-02T10:00:00Z,(direct),(none),1"]);
            var host = Configure(EngineKind.PostgreSql, server.ConnectionString(name), drop);
            await new WarehouseDeployer(host.Database, host.Settings).DeployAsync();
            await using var app = JobsWebHost.Build(host, "http://127.0.0.1:0");
            await app.StartAsync();

            app.Services.GetRequiredService<IRecurringJobManager>().Trigger("run-Files");
            var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (monitoring.SucceededListCount() < 6 && monitoring.FailedCount() == 0 && DateTime.UtcNow < deadline) await Task.Delay(500);

            Assert.That(monitoring.FailedCount(), Is.Zero);
            var steps = monitoring.SucceededJobs(0, 10).Select(j => j.Value)
                .Where(j => j.Job.Method.Name != nameof(SourceRunJobs.Start))
                .OrderBy(j => j.SucceededAt).Select(j => j.Job.Method.Name).ToList();
            Assert.That(steps, Is.EqualTo(new[] { nameof(SourceRunJobs.LandAsync), nameof(SourceRunJobs.TransformAsync), nameof(SourceRunJobs.RefreshAsync), nameof(SourceRunJobs.ReconcileAsync), nameof(SourceRunJobs.EvaluateAlertsAsync) }));
            await using (var db = host.Database.Open())
            {
                Assert.That(await db.GetTable<FactWebSession>().CountAsync(), Is.EqualTo(2));
            }

            using var http = new HttpClient { BaseAddress = HostAddress.Of(app) };
            using var health = await http.GetAsync("health");
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), await health.Content.ReadAsStringAsync());
            await app.StopAsync();
        }
        finally
        {
            await server.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    [Test]
    public async Task Each_instance_is_its_own_scheduled_chain_and_a_misconfigured_one_is_left_out()
    {
        var server = await PostgresServer.GetAsync();
        var name = "host_" + Guid.NewGuid().ToString("N")[..8];
        await server.ExecuteAsync($"CREATE DATABASE {name}");
        try
        {
            // Two drop folders as instances of Files: north runs on its own schedule, south on the source's; "broken" misspells Root.
            var north = Path.Combine(folder, "north");
            var south = Path.Combine(folder, "south");
            foreach (var (root, rows) in new[] { (north, 2), (south, 1) })
            {
                Directory.CreateDirectory(Path.Combine(root, "web_sessions"));
                await File.WriteAllLinesAsync(Path.Combine(root, "web_sessions", "s.csv"),
                    ["session_id,session_start,source,medium,page_views", .. Enumerable.Range(1, rows).Select(i => $"s{i},2026-03-0{i}T10:00:00Z,google,organic,3")]);
            }

            var host = Configure(EngineKind.PostgreSql, server.ConnectionString(name), folder,
                ("Sources:Files:SettleTime", "00:00:00"),
                ("Sources:Files:Instances:north:Root", north), ("Sources:Files:Instances:south:Root", south), ("Sources:Files:Instances:broken:Rooot", "misspelt"),
                ("Schedules:Files:north:Cron", "0 6 * * *"));
            await new WarehouseDeployer(host.Database, host.Settings).DeployAsync();
            await using var app = JobsWebHost.Build(host, "http://127.0.0.1:0");
            await app.StartAsync();

            var storage = app.Services.GetRequiredService<JobStorage>();
            using (var connection = storage.GetConnection())
            {
                var crons = connection.GetRecurringJobs().ToDictionary(j => j.Id, j => j.Cron);
                Assert.That(crons, Does.ContainKey("run-Files:north").WithValue("0 6 * * *"));
                Assert.That(crons, Does.ContainKey("run-Files:south").WithValue("0 0 1 1 *"));
                Assert.That(crons.Keys, Has.None.Contains("broken"));
            }

            var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
            recurring.Trigger("run-Files:north");
            recurring.Trigger("run-Files:south");
            var monitoring = storage.GetMonitoringApi();
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (monitoring.SucceededListCount() < 12 && monitoring.FailedCount() == 0 && DateTime.UtcNow < deadline) await Task.Delay(500);

            Assert.That(monitoring.FailedCount(), Is.Zero);
            await using (var db = host.Database.Open())
            {
                var sessions = await db.GetTable<FactWebSession>().GroupBy(s => s.SourceInstance).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
                Assert.That(sessions.ToDictionary(s => s.Key, s => s.Count), Is.EqualTo(new Dictionary<string, int> { ["north"] = 2, ["south"] = 1 }),
                    "both folders' session s1 are two sessions");
                var steps = await db.GetTable<EtlRunStep>().Where(r => r.Status == "succeeded").GroupBy(r => r.Source).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
                Assert.That(steps.ToDictionary(s => s.Key, s => s.Count), Is.EqualTo(new Dictionary<string, int> { ["Files:north"] = 5, ["Files:south"] = 5 }));
            }

            using var http = new HttpClient { BaseAddress = HostAddress.Of(app) };
            var health = await http.GetStringAsync("health");
            Assert.That(health, Does.Contain("\"Files:north\"").And.Contain("\"Files:south\""));
            await app.StopAsync();
        }
        finally
        {
            await server.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    [Test]
    public async Task The_dashboard_is_open_to_the_local_machine_and_needs_credentials_from_elsewhere()
    {
        var host = Configure(EngineKind.DuckDb, $"Data Source={Path.Combine(folder, "w.duckdb")}", folder, ("Dashboard:User", "ops"), ("Dashboard:Password", "s3cret-pass"));
        await new WarehouseDeployer(host.Database, host.Settings).DeployAsync();
        await using var app = JobsWebHost.Build(host, "http://127.0.0.1:0");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = HostAddress.Of(app) };

        async Task<HttpStatusCode> GetAsync(string? forwardedFor, string? credentials)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "hangfire");
            if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
            if (credentials is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Multiple(async () =>
        {
            Assert.That(await GetAsync(null, null), Is.EqualTo(HttpStatusCode.OK), "local");
            Assert.That(await GetAsync("203.0.113.9", null), Is.EqualTo(HttpStatusCode.Unauthorized), "remote, anonymous");
            Assert.That(await GetAsync("203.0.113.9", "ops:wrong"), Is.EqualTo(HttpStatusCode.Unauthorized), "remote, wrong password");
            Assert.That(await GetAsync("203.0.113.9", "ops:s3cret-pass"), Is.EqualTo(HttpStatusCode.OK), "remote, credentials");
        });
        await app.StopAsync();
    }

    [Test]
    public async Task A_step_failing_twice_is_retried_and_one_that_keeps_failing_stops_its_chain_without_moving_the_cursor()
    {
        var server = await PostgresServer.GetAsync();
        var name = "host_" + Guid.NewGuid().ToString("N")[..8];
        await server.ExecuteAsync($"CREATE DATABASE {name}");
        await using var shop = await LoopbackApiServer.StartAsync();
        try
        {
            var orders = new List<string>
            {
                ShopifyRecords.Order(1, ShopifyRecords.Start, ShopifyRecords.Start, null, "a@example.com", [(10, 501, 1, 10m, 0m)]),
                ShopifyRecords.Order(2, ShopifyRecords.Start.AddHours(1), ShopifyRecords.Start.AddHours(1), null, "b@example.com", [(20, 501, 1, 20m, 0m)]),
            };
            void Serve()
            {
                foreach (var resource in new[] { "customers", "products", "checkouts" }) shop.Shopify[resource] = ApiRecordSet.FromJson([]);
                shop.Shopify["orders"] = ApiRecordSet.FromJson(orders);
            }

            Serve();
            var failures = 0;
            var failAlways = false;
            shop.Fault = async (context, _) =>
            {
                if (!context.Request.Path.Value!.Contains("/orders.json", StringComparison.Ordinal) || (!failAlways && Interlocked.Increment(ref failures) > 2)) return false;
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsync("down");
                return true;
            };
            var host = Configure(EngineKind.PostgreSql, server.ConnectionString(name), folder,
                ("Schedules:Files:Cron", ""), ("Sources:Files:Enabled", "false"), ("Sources:Shopify:Enabled", "true"), ("Sources:Shopify:BaseUrl", shop.BaseAddress.ToString()),
                ("Sources:Shopify:Api", "Rest"), ("Sources:Shopify:Http:MaxRetries", "0"), ("Sources:Shopify:Http:RequestsPerSecond", "1000"), ("Schedules:Shopify:Cron", "0 0 1 1 *"),
                ("Hangfire:Retries", "2"), ("Hangfire:RetryDelaySeconds:0", "1"), ("Hangfire:RetryDelaySeconds:1", "1"));
            await new WarehouseDeployer(host.Database, host.Settings).DeployAsync();
            await using var app = JobsWebHost.Build(host, "http://127.0.0.1:0");
            await app.StartAsync();
            var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
            var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
            async Task WaitAsync(Func<bool> done)
            {
                var deadline = DateTime.UtcNow.AddSeconds(90);
                while (!done() && DateTime.UtcNow < deadline) await Task.Delay(300);
            }

            // Two failures, then success: the landing is retried and the chain goes on to the end.
            recurring.Trigger("run-Shopify");
            await WaitAsync(() => monitoring.SucceededListCount() >= 6);
            Assert.That(monitoring.SucceededListCount(), Is.EqualTo(6), Describe(monitoring));
            Assert.That(monitoring.FailedCount(), Is.Zero);
            Assert.That(shop.Requests.Count(r => r.Contains("/orders.json", StringComparison.Ordinal)), Is.EqualTo(3));
            string? cursor;
            await using (var db = host.Database.Open())
            {
                Assert.That(await db.GetTable<Warehouse.Schema.Dw.FactOrderLine>().CountAsync(), Is.EqualTo(2));
                cursor = await db.GetTable<EtlSourceState>().Where(s => s.Stream == "orders").Select(s => s.CursorValue).SingleAsync();
            }

            // Always failing: the chain stops after the landing's last attempt and the cursor stays.
            orders[1] = ShopifyRecords.Order(2, ShopifyRecords.Start.AddHours(1), ShopifyRecords.Start.AddDays(1), null, "b@example.com", [(20, 501, 1, 25m, 0m)]);
            Serve();
            failAlways = true;
            recurring.Trigger("run-Shopify");
            await WaitAsync(() => monitoring.FailedCount() >= 1);
            await Task.Delay(3000);
            Assert.That(monitoring.FailedCount(), Is.EqualTo(1));
            Assert.That(monitoring.SucceededListCount(), Is.EqualTo(7), "only the new run's start job succeeded");
            await using (var db = host.Database.Open())
            {
                Assert.That(await db.GetTable<EtlSourceState>().Where(s => s.Stream == "orders").Select(s => s.CursorValue).SingleAsync(), Is.EqualTo(cursor));
            }

            // The next run loads what the failed one missed.
            failAlways = false;
            recurring.Trigger("run-Shopify");
            await WaitAsync(() => monitoring.SucceededListCount() >= 13);
            await using (var db = host.Database.Open())
            {
                Assert.That(await db.GetTable<Warehouse.Schema.Dw.FactOrderLine>().Where(f => f.OrderId == "2").Select(f => f.NetAmount).SingleAsync(), Is.EqualTo(25m));
            }

            await app.StopAsync();
        }
        finally
        {
            await server.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    private static string Describe(Hangfire.Storage.IMonitoringApi monitoring)
    {
        var lines = new List<string>();
        foreach (var (id, job) in monitoring.ScheduledJobs(0, 10)) lines.Add($"scheduled {id} {job.Job?.Method.Name} at {job.EnqueueAt:o}");
        foreach (var (id, job) in monitoring.FailedJobs(0, 10)) lines.Add($"failed {id} {job.Job?.Method.Name}: {job.ExceptionMessage}");
        foreach (var (id, job) in monitoring.ProcessingJobs(0, 10)) lines.Add($"processing {id} {job.Job?.Method.Name}");
        foreach (var (id, job) in monitoring.EnqueuedJobs("default", 0, 10)) lines.Add($"enqueued {id} {job.Job?.Method.Name} {job.State}");
        foreach (var id in new[] { "1", "2", "3" })
        {
            var details = monitoring.JobDetails(id);
            if (details is null) continue;
            lines.Add($"job {id} {details.Job?.Method.Name}: " + string.Join(" -> ", details.History.Select(h => h.StateName + (h.Reason is null ? "" : $" ({h.Reason})") + (h.Data.TryGetValue("ExceptionMessage", out var m) ? $" [{m}]" : ""))));
        }

        return string.Join("\n", lines);
    }
}
