using Warehouse.Engines;
using Warehouse.Etl.Simulation;
using Warehouse.Tests.Fixtures;
using static Warehouse.Tests.Fixtures.ShopifyRecords;

namespace Warehouse.Tests.Commands;

/// <summary>
/// <c>run</c>, <c>reconcile</c> and <c>run --from --to</c> as a user runs them: the built executable against the Shopify
/// simulator. The run reconciles and says so in one line; an order the shop gains afterwards is a difference that
/// <c>reconcile</c> prints (exit code 2); the backfill of its day loads it and reconciles the day.
/// </summary>
public sealed class ReconcileCommandTests(EngineKind engine) : EngineTest(engine)
{
    [Test]
    public async Task Run_prints_the_reconciliation_reconcile_finds_a_new_order_and_a_backfill_of_its_day_closes_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), "reconcile-cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            await using var server = await Warehouse.Jobs.Demo.LoopbackApiServer.StartAsync();
            var day = DateTime.UtcNow.Date.AddDays(-5).AddHours(10);
            var orders = new List<string> { Order(1, day, day, null, "a@example.com", [(10, 501, 1, 10m, 0m)]) };
            void Serve()
            {
                foreach (var resource in new[] { "customers", "products", "checkouts" }) server.Shopify[resource] = ApiRecordSet.FromJson([]);
                server.Shopify["orders"] = ApiRecordSet.FromJson(orders);
            }

            Serve();
            var cli = new WarehouseCli(folder, new Dictionary<string, string>
            {
                ["Warehouse__Engine"] = Database.Engine.ToString(), ["ConnectionStrings__Warehouse"] = Database.ConnectionString,
                ["Warehouse__CalendarStart"] = "2025-01-01",
                ["Sources__Shopify__BaseUrl"] = server.BaseAddress.ToString(), ["Sources__Shopify__Token"] = "cli-secret-token", ["Sources__Shopify__Http__RequestsPerSecond"] = "1000",
            });
            Assert.That((await cli.RunAsync("init")).ExitCode, Is.Zero);

            var run = await cli.RunAsync("run", "--source", "shopify");
            Assert.That(run.ExitCode, Is.Zero, run.Stderr);
            Assert.That(run.Stdout, Does.Match(@"Shopify reconciliation: 3 objects, \d+ periods checked, 0 beyond tolerance"));

            // The shop gains an order of that day that the warehouse has not read yet.
            orders.Add(Order(2, day.AddHours(1), day.AddHours(1), null, "b@example.com", [(20, 501, 2, 10m, 0m)]));
            Serve();
            var date = DateOnly.FromDateTime(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var reconcile = await cli.RunAsync("reconcile", "--source", "shopify", "--from", date, "--to", date);
            Assert.That(reconcile.ExitCode, Is.EqualTo(2), reconcile.Stderr);
            Assert.That(reconcile.Stdout, Does.Contain("Shopify reconciliation: 3 objects, 3 periods checked, 1 beyond tolerance")
                .And.Contain($"  orders {date}: the source counts 2, the warehouse holds 1 and quarantined 0 (difference 1, tolerance 0)"));
            Assert.That(reconcile.Stdout + reconcile.Stderr, Does.Not.Contain("cli-secret-token"));

            var backfill = await cli.RunAsync("run", "--source", "shopify", "--from", date, "--to", date);
            Assert.That(backfill.ExitCode, Is.Zero, backfill.Stderr);
            Assert.That(backfill.Stdout, Does.Contain("Shopify reconciliation: 3 objects, 3 periods checked, 0 beyond tolerance"));
            Assert.That((await cli.RunAsync("reconcile", "--source", "shopify", "--from", date)).ExitCode, Is.Zero, "closed");
            Assert.That((await cli.RunAsync("run", "--to", date)).Stderr, Does.Contain("--to needs --from"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
