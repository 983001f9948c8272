using System.Net;
using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources.Shopify;
using Warehouse.Jobs;
using Warehouse.Jobs.Alerts;
using Warehouse.Jobs.Dashboard;
using Warehouse.Jobs.Host;
using Warehouse.Kpis.Text;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Kpis;
using static Warehouse.Tests.Fixtures.ShopifyRecords;

namespace Warehouse.Tests.Reconciliation;

/// <summary>
/// A shop whose lists lose an order its counts still count: the reconciliation after the run finds the day and both
/// counts, and a backfill of the day closes it. Orders of the last days (counted day by day), one a day but two on day 3:
/// 7001 (day 2), 7002 and 7003 (day 3, 7003 from the point of sale), 7004 (day 4, cancelled), 7005 (day 5, a test order).
/// </summary>
public sealed class ShopifyReconciliationTests(EngineKind engine) : KpiTestBase(engine)
{
    [SetUp]
    public Task DeployFirstAsync() => DeployAsync();

    private static void FillShop(ShopifyTestSource shop)
    {
        shop.Customers.Add(Customer(1, "a@example.com", "", Start));
        shop.Customers.Add(Customer(2, "b@example.com", "", Start));
        shop.Products.Add(Product(10, "Mug", "Kitchen", Start, (101, "Blue", 20m)));
        shop.Orders.Add(Order(7001, Day(2), Day(2), 1, "a@example.com", [(1, 101, 1, 20m, 0m)]));
        shop.Orders.Add(Order(7002, Day(3), Day(3), 2, "b@example.com", [(2, 101, 1, 20m, 0m)]));
        shop.Orders.Add(Order(7003, Day(3), Day(3), 1, "a@example.com", [(3, 101, 2, 20m, 0m)], sourceName: "pos"));
        shop.Orders.Add(Order(7004, Day(4), Day(4), 2, "b@example.com", [(4, 101, 1, 20m, 0m)], cancelled: true));
        shop.Orders.Add(Order(7005, Day(5), Day(5), 1, "a@example.com", [(5, 101, 1, 20m, 0m)], test: true));
    }

    /// <summary>Day 1 is ten days ago (UTC, the reporting time zone of the tests).</summary>
    private static DateTime Day(int day) => DateTime.UtcNow.Date.AddDays(day - 11).AddHours(12);

    private static DateOnly DateOf(int day) => DateOnly.FromDateTime(Day(day));

    private static long Id(string json) => JsonDocument.Parse(json).RootElement.GetProperty("id").GetInt64();

    private static string Source(string json) => JsonDocument.Parse(json).RootElement.GetProperty("source_name").GetString()!;

    /// <summary>The faults: the list leaves 7001 out; lists 7002 twice in place of 7003 (a page shifting under the reader); leaves out point-of-sale orders.</summary>
    private static Func<string, string, IEnumerable<string>> Fault(string fault, ShopifyTestSource shop) => fault switch
    {
        "left out" => (resource, json) => resource == "orders" && Id(json) == 7001 ? [] : [json],
        "listed twice" => (resource, json) => resource == "orders" && Id(json) == 7003 ? [shop.Orders[1]] : [json],
        "kind filtered" => (resource, json) => resource == "orders" && Source(json) == "pos" ? [] : [json],
        _ => throw new ArgumentException(fault),
    };

    [TestCase("GraphQL", "left out", 2, 1, 0)]
    [TestCase("GraphQL", "listed twice", 3, 2, 1)]
    [TestCase("GraphQL", "kind filtered", 3, 2, 1)]
    [TestCase("Rest", "left out", 2, 1, 0)]
    [TestCase("Rest", "kind filtered", 3, 2, 1)]
    public async Task An_order_the_list_loses_is_found_on_its_day_and_a_backfill_of_the_day_closes_it(string api, string fault, int lossDay, long sourceCount, long warehouseCount)
    {
        await using var shop = await ShopifyTestSource.StartAsync();
        shop.Settings.Api = api;
        FillShop(shop);
        var simulator = shop.Server.Simulator<ShopifySimulator>().GraphQl;
        simulator.ListFault = Fault(fault, shop);

        var run = await shop.RunAsync(Database, Settings);
        var day = DateOf(lossDay).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var summary = run.Reconciliation!;
        Assert.That(summary.Unreconciled.Select(r => $"{r.ObjectName} {r.PeriodStart:yyyy-MM-dd} {r.PeriodGrain} {r.SourceCount} {r.WarehouseCount} {r.QuarantinedCount} {r.Difference}"),
            Is.EqualTo(new[] { $"orders {day} day {sourceCount} {warehouseCount} 0 {sourceCount - warehouseCount}" }), "the one day that lost an order, with both counts");
        Assert.That(summary.ToString(), Does.Contain($"orders {day}: the source counts {sourceCount}, the warehouse holds {warehouseCount}"));
        var checks = await ChecksAsync();
        Assert.That(checks.Where(c => c.ObjectName == "orders" && c.PeriodGrain == "day" && c.PeriodStart >= DateOf(1) && c.PeriodStart <= DateOf(5)).Select(c => c.SourceCount + "/" + c.WarehouseCount),
            Is.EqualTo(new[] { "0/0", lossDay == 2 ? "1/0" : "1/1", lossDay == 3 ? $"2/{warehouseCount}" : "2/2", "1/1", api == "GraphQL" ? "0/0" : "1/1" }),
            "the first check covers the history day by day; the cancelled order counts on both sides, the test order on neither through GraphQL (test:false) and on both through REST, which cannot filter it");
        Assert.That(checks.Where(c => c.PeriodGrain == "total").Select(c => $"{c.ObjectName} {c.SourceCount}/{c.WarehouseCount} {c.IsReconciled}"),
            Is.EquivalentTo(new[] { "customers 2/2 True", "products 1/1 True" }));

        var alerts = await new AlertEvaluator(Database, new AlertSettings(), null).EvaluateReconciliationAsync(CancellationToken.None);
        Assert.That(alerts.Select(a => $"{a.AlertKind} {a.Source} {a.SliceName} {a.PeriodStart:yyyy-MM-dd} {a.ThresholdValue}/{a.ObservedValue}"),
            Is.EqualTo(new[] { $"reconciliation Shopify orders {day} {sourceCount}/{warehouseCount}" }));
        Assert.That(alerts[0].Message, Does.Contain($"orders {day}: the source counts {sourceCount}, the warehouse holds {warehouseCount}")
            .And.Contain($"run --source Shopify --from {day} --to {day}"));
        Assert.That(await new AlertEvaluator(Database, new AlertSettings(), null).EvaluateReconciliationAsync(CancellationToken.None), Is.Empty, "raised once");
        var (status, health) = await HealthAsync(shop);
        Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable), health);
        Assert.That(health, Does.Contain("\"status\":\"not reconciled\"").And.Contain($"orders {day}: the source counts {sourceCount}"));
        var page = WebUtility.HtmlDecode(await DashboardPage.RenderAsync(Database, KpiText.Culture("ru"), CancellationToken.None));
        Assert.That(page, Does.Contain("data-trust=\"not-reconciled\"").And.Contain("Достоверность данных: Shopify не сходится"));

        // The fault is mended at the source; a backfill of the day reads it again and the check of the day closes.
        simulator.ListFault = null;
        var date = DateOf(lossDay);
        shop.Settings.BaseUrl = shop.Server.BaseAddress.ToString();
        using (var source = new ShopifySource(shop.Settings))
        {
            var backfill = await new SourcePipeline(Database, Settings).RunAsync(source, (date, date), CancellationToken.None);
            Assert.That(backfill.Reconciliation!.Reconciled, Is.True, backfill.Reconciliation.ToString());
        }

        var latest = (await ChecksAsync()).Where(c => c.ObjectName == "orders" && c.PeriodStart == date).MaxBy(c => c.ReconciliationId)!;
        Assert.That($"{latest.SourceCount}/{latest.WarehouseCount} {latest.IsReconciled}", Is.EqualTo($"{sourceCount}/{sourceCount} True"));
        (status, health) = await HealthAsync(shop);
        Assert.That((status, health), Is.EqualTo((HttpStatusCode.OK, health)));
        Assert.That(health, Does.Contain("\"reconciliation\":\"reconciled\""));
        Assert.That(await DashboardPage.RenderAsync(Database, KpiText.Culture("fa"), CancellationToken.None), Does.Contain("data-trust=\"reconciled\""));
    }

    /// <summary>/health of a jobs host on this warehouse, with the shop scheduled.</summary>
    private async Task<(HttpStatusCode Status, string Body)> HealthAsync(ShopifyTestSource shop)
    {
        await using var app = JobsWebHost.Build(new HostConfiguration(HostConfiguration.Load(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Warehouse"] = Database.ConnectionString,
            ["Warehouse:Engine"] = Engine.ToString(),
            ["Sources:Shopify:BaseUrl"] = shop.Server.BaseAddress.ToString(), ["Sources:Shopify:Token"] = "test-token", ["Schedules:Shopify:Cron"] = "0 0 1 1 *",
            ["Sources:Zendesk:Enabled"] = "false", ["Sources:HubSpot:Enabled"] = "false", ["Sources:Files:Enabled"] = "false",
        })), "http://127.0.0.1:0");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = HostAddress.Of(app) };
        using var response = await http.GetAsync("health");
        var body = await response.Content.ReadAsStringAsync();
        await app.StopAsync();
        return (response.StatusCode, body);
    }

    [Test]
    public async Task A_clean_shop_reconciles_to_no_difference_and_a_later_run_checks_its_window_and_a_sample()
    {
        await using var shop = await ShopifyTestSource.StartAsync();
        shop.Settings.Api = "GraphQL";
        FillShop(shop);
        var first = await shop.RunAsync(Database, Settings);
        Assert.That(first.Reconciliation!.Reconciled, Is.True, first.Reconciliation.ToString());
        var checks = await ChecksAsync();
        var orders = checks.Where(c => c.ObjectName == "orders").ToList();
        Assert.That($"{orders[0].PeriodStart:yyyy-MM-dd} {orders[0].PeriodGrain}", Is.EqualTo("2025-01-01 month"), "the first check covers the calendar from its start, old months by month");
        Assert.That(orders.Count(c => c.PeriodGrain == "day"), Is.InRange(Settings.Reconciliation.DailyDays, Settings.Reconciliation.DailyDays + 30),
            "and the last DailyDays days by day, from the start of their month");
        Assert.That((orders.Sum(c => c.SourceCount), orders.Sum(c => c.WarehouseCount)), Is.EqualTo((4L, 4L)), "7001–7004 (7005 is a test order)");
        Assert.That(checks.All(c => c.Difference == 0 && c.IsReconciled), Is.True);

        var second = await shop.RunAsync(Database, Settings);
        Assert.That(second.Reconciliation!.Reconciled, Is.True);
        var runs = (await ChecksAsync()).GroupBy(c => c.RunId).Select(g => g.Count(c => c.ObjectName == "orders")).ToList();
        Assert.That(runs, Has.Count.EqualTo(2));
        Assert.That(runs[1], Is.LessThan(runs[0]), "a later run counts today, yesterday, what it touched and the sample, not the whole history");
        Assert.That(runs[1], Is.LessThanOrEqualTo(2 + 1 + Settings.Reconciliation.SampleDays));
    }

    private async Task<List<EtlReconciliation>> ChecksAsync()
    {
        await using var db = Database.Open();
        return await db.GetTable<EtlReconciliation>().OrderBy(c => c.ReconciliationId).ToListAsync();
    }
}
