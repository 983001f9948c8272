using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Microsoft.AspNetCore.Http;
using Warehouse.Engines;
using Warehouse.Schema.Dw;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;
using static Warehouse.Tests.Fixtures.ShopifyRecords;

namespace Warehouse.Tests.Sources;

/// <summary>The Shopify connector against a local HTTP server (real HTTP, real database).</summary>
public sealed class ShopifyConnectorTests(EngineKind engine) : EngineTest(engine)
{
    private ShopifyTestSource shop = null!;

    [SetUp]
    public async Task StartShopAsync()
    {
        shop = await ShopifyTestSource.StartAsync();
        await DeployAsync();
    }

    [TearDown]
    public async Task StopShopAsync() => await shop.DisposeAsync();

    private static string SimpleOrder(long id, int hour, decimal price = 10m) =>
        Order(id, Start.AddHours(hour), Start.AddHours(hour), 1, "a@example.com", [(id * 10, 501, 1, price, 0m)]);

    [Test]
    public async Task Paging_follows_the_link_header_across_every_page()
    {
        shop.Orders.AddRange(Enumerable.Range(1, 600).Select(i => SimpleOrder(i, i)));

        var result = await shop.RunAsync(Database, Settings);

        Assert.That(result.Loads.Single(l => l.Stream == "orders").Landed, Is.EqualTo(600));
        Assert.That(shop.RequestsTo("orders"), Is.EqualTo(3), "250 + 250 + 100");
        Assert.That(await CountAsync<FactOrderLine>(), Is.EqualTo(600));
    }

    [Test]
    public async Task A_429_is_retried_after_the_delay_its_Retry_After_header_gives()
    {
        shop.Orders.Add(SimpleOrder(1, 1));
        var times = new List<DateTime>();
        shop.Server.Fault = async (context, _) =>
        {
            if (!context.Request.Path.Value!.Contains("/orders.json", StringComparison.Ordinal)) return false;
            times.Add(DateTime.UtcNow);
            if (times.Count > 1) return false;
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsync("slow down");
            return true;
        };

        await shop.RunAsync(Database, Settings);

        Assert.That(times, Has.Count.EqualTo(2));
        Assert.That((times[1] - times[0]).TotalSeconds, Is.GreaterThanOrEqualTo(0.9), "Retry-After: 1 is honoured over the 20 ms configured delay");
        Assert.That(await CountAsync<FactOrderLine>(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_500_then_success_is_retried_and_the_load_completes()
    {
        shop.Orders.Add(SimpleOrder(1, 1));
        var calls = 0;
        shop.Server.Fault = async (context, _) =>
        {
            if (!context.Request.Path.Value!.Contains("/orders.json", StringComparison.Ordinal) || ++calls > 1) return false;
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsync("oops");
            return true;
        };

        var result = await shop.RunAsync(Database, Settings);

        Assert.That(calls, Is.EqualTo(2));
        Assert.That(result.Loads.Single(l => l.Stream == "orders").Landed, Is.EqualTo(1));
    }

    [Test]
    public async Task A_request_that_hangs_times_out_and_is_retried()
    {
        shop.Orders.Add(SimpleOrder(1, 1));
        var calls = 0;
        shop.Server.Fault = async (context, _) =>
        {
            if (!context.Request.Path.Value!.Contains("/orders.json", StringComparison.Ordinal) || ++calls > 1) return false;
            try { await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted); }
            catch (OperationCanceledException) { }
            return true;
        };

        var result = await shop.RunAsync(Database, Settings);

        Assert.That(calls, Is.EqualTo(2), "the 2 s attempt timeout ended the first call");
        Assert.That(result.Loads.Single(l => l.Stream == "orders").Landed, Is.EqualTo(1));
    }

    [Test]
    public async Task A_malformed_record_is_quarantined_with_its_reason_and_the_batch_continues()
    {
        shop.Orders.Add(SimpleOrder(1, 1));
        shop.Orders.Add(SimpleOrder(2, 2).Replace(Time(Start.AddHours(2)) + "\",\"updated_at", "yesterday\",\"updated_at", StringComparison.Ordinal));
        shop.Orders.Add(SimpleOrder(3, 3).Replace("\"currency\":\"USD\"", "\"currency\":\"XXX\"", StringComparison.Ordinal));
        shop.Orders.Add(SimpleOrder(4, 4));

        await shop.RunAsync(Database, Settings);

        await using var db = Database.Open();
        var load = await db.GetTable<EtlLoad>().SingleAsync(l => l.Stream == "orders");
        var reasons = await db.GetTable<EtlQuarantine>().Where(q => q.LoadId == load.LoadId).OrderBy(q => q.Reason).Select(q => q.Reason).ToListAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(load.RowsRead, Is.EqualTo(4));
            Assert.That(load.RowsLanded, Is.EqualTo(2));
            Assert.That(load.RowsQuarantined, Is.EqualTo(2));
            Assert.That(reasons, Is.EqualTo(new[] { "unknown currency 'XXX' (add it to Warehouse:CurrencyRates)", "unparsable date in 'created_at': 'yesterday' (expected ISO 8601: yyyy-MM-ddTHH:mm:ss with an optional offset, e.g. 2026-03-01T09:30:00Z)" }));
            Assert.That(await db.GetTable<FactOrderLine>().Select(f => f.OrderId).OrderBy(o => o).ToListAsync(), Is.EqualTo(new[] { "1", "4" }));
        });
        var payload = await db.GetTable<EtlQuarantine>().Where(q => q.Reason.StartsWith("unparsable")).Select(q => q.RawPayload).SingleAsync();
        Assert.That(payload, Does.Contain("\"id\":2"));
    }

    [Test]
    public async Task A_second_run_fetches_only_records_changed_since_the_cursor()
    {
        shop.Orders.AddRange(Enumerable.Range(1, 10).Select(i => SimpleOrder(i, i)));
        await shop.RunAsync(Database, Settings);
        shop.Orders[2] = Order(3, Start.AddHours(3), Start.AddDays(2), 1, "a@example.com", [(30, 501, 1, 99m, 0m)]);
        shop.Orders[6] = Order(7, Start.AddHours(7), Start.AddDays(2).AddHours(1), 1, "a@example.com", [(70, 501, 1, 77m, 0m)]);
        shop.Server.Requests.Clear();

        var second = await shop.RunAsync(Database, Settings);

        // The cursor is the newest updated_at of run 1 (order 10); the 1-minute lookback re-reads that record too.
        Assert.That(second.Loads.Single(l => l.Stream == "orders").Read, Is.EqualTo(3));
        Assert.That(shop.Server.Requests.Single(r => r.Contains("/orders.json", StringComparison.Ordinal)),
            Does.Contain("updated_at_min=" + Uri.EscapeDataString(Time(Start.AddHours(10).AddMinutes(-1)))));
        await using var db = Database.Open();
        Assert.That(await db.GetTable<FactOrderLine>().Where(f => f.OrderId == "3").Select(f => f.NetAmount).SingleAsync(), Is.EqualTo(99m));
        Assert.That(await db.GetTable<FactOrderLine>().CountAsync(), Is.EqualTo(10));
    }

    [Test]
    public async Task Running_the_same_load_twice_leaves_identical_dimensions_and_facts()
    {
        shop.Customers.Add(Customer(1, "a@example.com", "vip", Start));
        shop.Products.Add(Product(5, "Mug", "Kitchen", Start, (501, "Blue", 10m), (502, "Red", 12m)));
        shop.Orders.AddRange(Enumerable.Range(1, 20).Select(i => SimpleOrder(i, i)));
        shop.Orders.Add(Order(99, Start, Start, null, "guest@example.com", [(990, 502, 2, 12m, 1m)], landingSite: "/?utm_source=google&utm_medium=cpc&utm_campaign=Spring"));
        shop.Checkouts.Add(Checkout(1, Start, null, 1, "a@example.com"));
        string[] tables = ["dw.dim_customer", "dw.dim_product", "dw.dim_campaign", "dw.customer_source_map", "dw.fact_order_line", "dw.fact_checkout"];

        await shop.RunAsync(Database, Settings);
        var first = new List<List<string>>();
        foreach (var table in tables) first.Add(await TableDump.ReadAsync(Database, table));
        await using (var db = Database.Open())
        {
            await db.ExecuteAsync("DELETE FROM etl.source_state");
        }

        await shop.RunAsync(Database, Settings);

        for (var i = 0; i < tables.Length; i++)
        {
            Assert.That(await TableDump.ReadAsync(Database, tables[i]), Is.EqualTo(first[i]), tables[i]);
        }

        Assert.That(first[4], Has.Count.EqualTo(21));
    }

    [Test]
    public async Task A_segment_change_makes_a_second_customer_version_and_old_facts_keep_the_first()
    {
        shop.Customers.Add(Customer(1, "a@example.com", "retail", Start));
        shop.Orders.Add(Order(1, Start.AddDays(1), Start.AddDays(1), 1, "a@example.com", [(10, 501, 1, 10m, 0m)]));
        await shop.RunAsync(Database, Settings);
        shop.Customers[0] = Customer(1, "a@example.com", "vip", Start.AddDays(9));
        shop.Orders.Add(Order(2, Start.AddDays(11), Start.AddDays(11), 1, "a@example.com", [(20, 501, 1, 10m, 0m)]));

        await shop.RunAsync(Database, Settings);

        await using var db = Database.Open();
        var versions = await db.GetTable<DimCustomer>().Where(c => c.CustomerKey > 0).OrderBy(c => c.ValidFrom).ToListAsync();
        Assert.That(versions.Select(v => (v.Segment, v.IsCurrent)), Is.EqualTo(new[] { ("retail", false), ("vip", true) }));
        Assert.That(versions[0].ValidTo, Is.EqualTo(versions[1].ValidFrom));
        var keys = await db.GetTable<FactOrderLine>().OrderBy(f => f.OrderId).Select(f => f.CustomerKey).ToListAsync();
        Assert.That(keys, Is.EqualTo(new[] { versions[0].CustomerKey, versions[1].CustomerKey }));
    }

    [Test]
    public async Task A_refund_after_the_first_load_lowers_net_revenue_and_aov_on_the_next_run()
    {
        shop.Orders.Add(Order(1, Start, Start, 1, "a@example.com", [(10, 501, 1, 100m, 0m), (11, 502, 1, 50m, 5m)]));
        await shop.RunAsync(Database, Settings);
        var aovBefore = await AovAsync();
        shop.Orders[0] = Order(1, Start, Start.AddDays(3), 1, "a@example.com", [(10, 501, 1, 100m, 0m), (11, 502, 1, 50m, 5m)], refunds: [(11, 1, 45m)]);

        await shop.RunAsync(Database, Settings);

        Assert.That(aovBefore, Is.EqualTo(145.0).Within(1e-9));
        Assert.That(await AovAsync(), Is.EqualTo(100.0).Within(1e-9));
        await using var db = Database.Open();
        var refunded = await db.GetTable<FactOrderLine>().SingleAsync(f => f.OrderLineId == "11");
        Assert.That((refunded.RefundAmount, refunded.RefundedQuantity, refunded.NetAmount), Is.EqualTo((45m, 1, 0m)));
    }

    private async Task<double?> AovAsync()
    {
        var values = await Warehouse.Kpis.KpiReader.ReadAsync(Database, code: "aov");
        return values.Single(v => v.PeriodStart == new DateOnly(2026, 3, 1)).Value;
    }

    private async Task<int> CountAsync<T>() where T : class
    {
        await using var db = Database.Open();
        return await db.GetTable<T>().CountAsync();
    }
}
