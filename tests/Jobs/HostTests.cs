using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hangfire;
using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Warehouse.Deployment;
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

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");

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
            while (monitoring.SucceededListCount() < 5 && monitoring.FailedCount() == 0 && DateTime.UtcNow < deadline) await Task.Delay(500);

            Assert.That(monitoring.FailedCount(), Is.Zero);
            var steps = monitoring.SucceededJobs(0, 10).Select(j => j.Value)
                .Where(j => j.Job.Method.Name != nameof(SourceRunJobs.Start))
                .OrderBy(j => j.SucceededAt).Select(j => j.Job.Method.Name).ToList();
            Assert.That(steps, Is.EqualTo(new[] { nameof(SourceRunJobs.LandAsync), nameof(SourceRunJobs.TransformAsync), nameof(SourceRunJobs.RefreshAsync), nameof(SourceRunJobs.EvaluateAlertsAsync) }));
            await using (var db = host.Database.Open())
            {
                Assert.That(await db.GetTable<FactWebSession>().CountAsync(), Is.EqualTo(2));
            }

            using var http = new HttpClient { BaseAddress = Address(app) };
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
    public async Task The_dashboard_is_open_to_the_local_machine_and_needs_credentials_from_elsewhere()
    {
        var host = Configure(EngineKind.DuckDb, $"Data Source={Path.Combine(folder, "w.duckdb")}", folder, ("Dashboard:User", "ops"), ("Dashboard:Password", "s3cret-pass"));
        await new WarehouseDeployer(host.Database, host.Settings).DeployAsync();
        await using var app = JobsWebHost.Build(host, "http://127.0.0.1:0");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = Address(app) };

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
}
