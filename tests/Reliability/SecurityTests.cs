using Warehouse.Etl.Simulation;
using System.Diagnostics;
using LinqToDB;
using LinqToDB.Async;
using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Jobs.Demo;
using Warehouse.Schema.Dw;
using Warehouse.Tests.Fixtures;
using static Warehouse.Tests.Fixtures.ShopifyRecords;

namespace Warehouse.Tests.Reliability;

/// <summary>
/// Secrets stay out of the logs, and text from sources stays data. (Anonymous remote access to the
/// dashboards and the OData feed is refused: HostTests, ODataFeedTests.)
/// </summary>
public sealed class SecurityTests
{
    private string folder = null!;

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(folder = Path.Combine(Path.GetTempPath(), "security-" + Guid.NewGuid().ToString("N")[..8]));

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public async Task No_secret_appears_in_the_console_or_the_log_file_of_a_run_with_credentials_set()
    {
        var server = await PostgresServer.GetAsync();
        var name = "security_" + Guid.NewGuid().ToString("N")[..8];
        await server.ExecuteAsync($"CREATE DATABASE {name}");
        await using var shop = await LoopbackApiServer.StartAsync();
        shop.Shopify["orders"] = ApiRecordSet.FromJson([Order(1, Start, Start, 5, "a@example.com", [(10, 501, 1, 10m, 0m)])]);
        foreach (var resource in new[] { "customers", "products", "checkouts" }) shop.Shopify[resource] = ApiRecordSet.FromJson([]);
        string[] secrets = ["shpat-secret-token-4711", "zendesk-secret-token-0815", "pg-password-secret-99", "dashboard-password-secret-7", "webhook-secret-path-42"];
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString(name)) { Password = secrets[2] }.ConnectionString;
        try
        {
            await new WarehouseDeployer(new WarehouseDatabase(EngineKind.PostgreSql, connection), new WarehouseSettings()).DeployAsync();
            var log = Path.Combine(folder, "run.log");
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Warehouse.Jobs.dll"), "run"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = folder,
            };
            start.Environment["Warehouse__Engine"] = "PostgreSql";
            start.Environment["ConnectionStrings__Warehouse"] = connection;
            start.Environment["Sources__Shopify__BaseUrl"] = shop.BaseAddress.ToString();
            start.Environment["Sources__Shopify__Token"] = secrets[0];
            // Zendesk points at a closed port: its failure is logged with its cause, still without the token.
            start.Environment["Sources__Zendesk__BaseUrl"] = "http://127.0.0.1:9/";
            start.Environment["Sources__Zendesk__Token"] = secrets[1];
            start.Environment["Sources__Zendesk__Http__MaxRetries"] = "0";
            start.Environment["Sources__HubSpot__Enabled"] = "false";
            start.Environment["Sources__Files__Root"] = Path.Combine(folder, "drop");
            start.Environment["Dashboard__Password"] = secrets[3];
            start.Environment["Alerts__WebhookUrl"] = $"http://127.0.0.1:9/{secrets[4]}";
            start.Environment["Logging__File"] = log;
            start.Environment["Serilog__MinimumLevel__Default"] = "Debug";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            var output = await stdout + await stderr + string.Concat(Directory.EnumerateFiles(folder, "run*.log").Select(File.ReadAllText));
            Assert.That(process.ExitCode, Is.EqualTo(1), "Zendesk failed, the others ran");
            Assert.That(output, Does.Contain("Landed Shopify.orders"), "the run was logged");
            Assert.That(output, Does.Contain("Zendesk"), "the failure was logged");
            foreach (var secret in secrets) Assert.That(output, Does.Not.Contain(secret));
            Assert.That(shop.Requests, Is.Not.Empty);
        }
        finally
        {
            await server.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    [Test]
    public async Task Sql_in_source_text_lands_as_data_and_runs_nothing()
    {
        var database = new WarehouseDatabase(EngineKind.DuckDb, $"Data Source={Path.Combine(folder, "w.duckdb")}");
        var settings = new WarehouseSettings { CalendarStart = new DateOnly(2025, 1, 1), CalendarEnd = new DateOnly(2027, 12, 31) };
        await new WarehouseDeployer(database, settings).DeployAsync();
        await using var shop = await ShopifyTestSource.StartAsync();
        const string campaign = "x'); DROP TABLE dw.fact_order_line; --";
        const string email = "\"; DELETE FROM dw.dim_customer; --@example.com";
        shop.Orders.Add(Order(1, Start, Start, 5, email, [(10, 501, 1, 10m, 0m)], landingSite: "/?utm_source=news&utm_campaign=" + Uri.EscapeDataString(campaign)));

        await shop.RunAsync(database, settings);

        await using var db = database.Open();
        Assert.That(await db.GetTable<FactOrderLine>().CountAsync(), Is.EqualTo(1));
        var campaigns = await db.GetTable<DimCampaign>().Select(c => c.CampaignId + " | " + c.CampaignName).ToListAsync();
        Assert.That(campaigns.Any(c => c.Contains("drop table dw.fact_order_line", StringComparison.OrdinalIgnoreCase)), Is.True, string.Join("\n", campaigns));
        Assert.That(await db.GetTable<DimCustomer>().CountAsync(c => c.CustomerKey > 0), Is.EqualTo(1));
    }
}
