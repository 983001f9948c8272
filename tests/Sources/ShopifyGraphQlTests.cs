using System.Text.Json.Nodes;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Etl.Sources.Shopify;
using Warehouse.Schema.Dw;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Kpis;
using static Warehouse.Tests.Fixtures.ShopifyRecords;

namespace Warehouse.Tests.Sources;

/// <summary>
/// The Shopify source through the GraphQL Admin API against the GraphQL simulator: the same shop read through REST and
/// through GraphQL gives the same warehouse; bulk operations for first loads (and their failures), paged queries for
/// incremental runs, throttling.
/// </summary>
public sealed class ShopifyGraphQlTests(EngineKind engine) : KpiTestBase(engine)
{
    private static readonly DateTime Later = Start.AddDays(10);

    [SetUp]
    public Task DeployFirstAsync() => DeployAsync();

    /// <summary>
    /// A shop: three customers; two products; order 5001 (customer 1, two lines, a discount, a landing page with UTM
    /// parameters, from checkout 61, completed at once), 5002 (a test order), 5003 (cancelled), 5004 (completing the
    /// recovered checkout 62); abandoned checkout 63. Then the change: 5001 gets a refund, customer 2 becomes vip, and
    /// order 5006 of customer 3 has 30 lines (more than a page of line items).
    /// </summary>
    private static void FillShop(ShopifyTestSource shop, bool changed)
    {
        shop.Customers.Clear();
        shop.Products.Clear();
        shop.Orders.Clear();
        shop.Checkouts.Clear();
        shop.Customers.Add(Customer(1, "a@example.com", "vip, newsletter", Start, firstName: "Ann", lastName: "Lee"));
        shop.Customers.Add(changed ? Customer(2, "b@example.com", "vip", Later, province: "Quebec") : Customer(2, "b@example.com", "retail", Start));
        shop.Customers.Add(Customer(3, "c@example.com", "", Start));
        shop.Products.Add(Product(10, "Mug", "Kitchen", Start, (101, "Blue", 20m), (102, "Red", 15m)));
        shop.Products.Add(Product(11, "Gift card", "", Start, (111, "Default", 50m)));
        shop.Orders.Add(Order(5001, Start.AddDays(1), changed ? Later : Start.AddDays(1), 1, "a@example.com",
            [(1, 101, 2, 20m, 4m), (2, 102, 1, 15m, 0m)], refunds: changed ? [(1, 1, 18m)] : null,
            landingSite: "/products/mug?utm_source=google&utm_medium=cpc&utm_campaign=spring", checkoutId: 61));
        shop.Orders.Add(Order(5002, Start.AddDays(2), Start.AddDays(2), 2, "b@example.com", [(3, 111, 1, 50m, 0m)], test: true));
        shop.Orders.Add(Order(5003, Start.AddDays(2), Start.AddDays(3), 2, "b@example.com", [(4, 101, 1, 20m, 0m)], cancelled: true));
        shop.Orders.Add(Order(5004, Start.AddDays(4), Start.AddDays(4), 1, "a@example.com", [(5, 102, 3, 15m, 5m)], checkoutId: 62, sourceName: "pos"));
        shop.Checkouts.Add(Checkout(62, Start.AddDays(3), Start.AddDays(4), 1, "a@example.com", items: 3, subtotal: 45m, recovered: true));
        shop.Checkouts.Add(Checkout(63, Start.AddDays(5), null, 2, "b@example.com", items: 2, subtotal: 35m));
        if (changed)
        {
            var lines = Enumerable.Range(0, 30).Select(i => (100L + i, 101L, 1, 20m, 0m)).ToArray();
            shop.Orders.Add(Order(5006, Later, Later, 3, "c@example.com", lines));
        }
    }

    private static readonly string[] Tables =
        ["dw.fact_order_line", "dw.fact_order", "dw.fact_checkout", "dw.dim_customer", "dw.dim_product", "dw.customer_source_map", "kpi.kpi_value"];

    // An abandoned checkout has no cart token through GraphQL (objects/AbandonedCheckout); an order's checkout has it in both.
    private static async Task<List<string>> DumpAsync(WarehouseDatabase database)
    {
        var rows = new List<string>();
        foreach (var table in Tables)
        {
            rows.AddRange((await TableDump.ReadAsync(database, table, table == "dw.fact_checkout" ? ["cart_token"] : [])).Select(r => table + ": " + r));
        }

        return rows;
    }

    private static async Task RunTwiceAsync(ShopifyTestSource shop, WarehouseDatabase database)
    {
        FillShop(shop, changed: false);
        await shop.RunAsync(database, Settings);
        FillShop(shop, changed: true);
        await shop.RunAsync(database, Settings);
    }

    [Test]
    public async Task The_same_shop_through_rest_and_graphql_gives_identical_facts_and_kpis()
    {
        await using (var rest = await ShopifyTestSource.StartAsync())
        {
            await RunTwiceAsync(rest, Database);
        }

        await using var other = await EngineDatabase.CreateAsync(Engine);
        await new WarehouseDeployer(other.Database, Settings).DeployAsync();
        await using var graphQl = await ShopifyTestSource.StartAsync();
        graphQl.Settings.Api = "GraphQL";
        graphQl.Settings.BulkThreshold = 100;
        await RunTwiceAsync(graphQl, other.Database);

        var simulator = graphQl.Server.Simulator<ShopifySimulator>().GraphQl;
        var bulk = simulator.BulkOperations;
        Assert.That(bulk.Take(4).Select(b => b.Query.Split('(')[0].Trim('{', ' ')), Is.EqualTo(new[] { "customers", "products", "orders", "abandonedCheckouts" }),
            "the first load reads each stream with a bulk operation");
        Assert.That(bulk, Has.Count.EqualTo(5), "the incremental run adds one bulk operation: the order with more line items than a page");
        Assert.That(bulk[4].Query, Does.Contain("id:5006"), "read whole by its id");
        Assert.That(simulator.Pages.Distinct(), Is.EqualTo(new[] { "customers", "products", "orders", "abandonedCheckouts" }),
            "the incremental run reads each stream with paged queries");
        Assert.That(graphQl.RequestsTo("orders"), Is.Zero, "no REST endpoint is called");

        var expected = await DumpAsync(Database);
        var actual = await DumpAsync(other.Database);
        Assert.That(actual, Is.EqualTo(expected), "REST and GraphQL give the same facts, dimensions and KPI values");
        Assert.That(expected.Count(r => r.StartsWith("dw.fact_order_line:", StringComparison.Ordinal)), Is.EqualTo(35), "2 + 1 + 1 + 1 + 30 lines");
        Assert.That(expected.Count(r => r.StartsWith("kpi.kpi_value:", StringComparison.Ordinal)), Is.GreaterThan(20));

        await using var db = other.Database.Open();
        var line = await db.GetTable<FactOrderLine>().SingleAsync(l => l.OrderLineId == "1");
        Assert.Multiple(() =>
        {
            Assert.That(line.RefundAmount, Is.EqualTo(18m), "the refund's line from refundLineItems, in shop money");
            Assert.That(line.DiscountAmount, Is.EqualTo(4m), "the line's discount allocations");
        });
        var checkouts = await db.GetTable<FactCheckout>().OrderBy(c => c.CheckoutId).Select(c => new { c.CheckoutId, c.OrderId, c.Token }).ToListAsync();
        Assert.That(checkouts.Select(c => (c.CheckoutId, c.OrderId)), Is.EqualTo(new[]
        {
            ("62", "5004"), ("63", null), ("chk5002", "5002"), ("chk5003", "5003"), ("chk5006", "5006"), ("chk61", "5001"),
        }), "the recovered checkout 62 is one checkout with its order, matched by the token in its recovery URL");
    }

    /// <summary>
    /// Order 5007: 12 lines and one refund of all 12 (2.50 each), more than a page of a refund's lines; order 5008: two
    /// refunds of one line each (20.00 and 15.00).
    /// </summary>
    private static void AddRefundedOrders(ShopifyTestSource shop)
    {
        var lines = Enumerable.Range(0, 12).Select(i => (200L + i, 101L, 1, 20m, 0m)).ToArray();
        var order = JsonNode.Parse(Order(5007, Start.AddDays(6), Start.AddDays(7), 3, "c@example.com", lines, refunds: [(200, 1, 2.5m)]))!;
        order["refunds"]![0]!["refund_line_items"] = new JsonArray(lines.Select(l => (JsonNode)new JsonObject { ["line_item_id"] = l.Item1, ["quantity"] = 1, ["subtotal"] = "2.50" }).ToArray());
        shop.Orders.Add(order.ToJsonString());
        shop.Orders.Add(Order(5008, Start.AddDays(6), Start.AddDays(8), 1, "a@example.com", [(300, 101, 2, 20m, 0m), (301, 102, 1, 15m, 0m)], refunds: [(300, 1, 20m), (301, 1, 15m)]));
    }

    [Test]
    public async Task A_first_load_through_a_bulk_operation_reads_refund_lines_by_their_refunds_ids_and_matches_rest()
    {
        await using (var rest = await ShopifyTestSource.StartAsync())
        {
            FillShop(rest, changed: true);
            AddRefundedOrders(rest);
            await rest.RunAsync(Database, Settings);
        }

        await using var other = await EngineDatabase.CreateAsync(Engine);
        await new WarehouseDeployer(other.Database, Settings).DeployAsync();
        await using var graphQl = await ShopifyTestSource.StartAsync();
        graphQl.Settings.Api = "GraphQL";
        FillShop(graphQl, changed: true);
        AddRefundedOrders(graphQl);
        await graphQl.RunAsync(other.Database, Settings);

        var bulk = graphQl.Server.Simulator<ShopifySimulator>().GraphQl.BulkOperations;
        Assert.That(bulk.Select(b => b.Status), Has.All.EqualTo("COMPLETED"), "Shopify accepts every bulk query: none has a connection inside a list");
        Assert.That(bulk.Single(b => b.Query.StartsWith("{ orders", StringComparison.Ordinal)).Query, Does.Contain("refunds { id }").And.Not.Contain("refundLineItems"));
        Assert.That(await DumpAsync(other.Database), Is.EqualTo(await DumpAsync(Database)), "the refunds' lines as REST gives them");

        await using var db = other.Database.Open();
        var refunded = await db.GetTable<FactOrderLine>().Where(l => l.RefundAmount != 0).OrderBy(l => l.OrderLineId).Select(l => new { l.OrderLineId, l.RefundAmount }).ToListAsync();
        Assert.That(refunded.Select(l => (l.OrderLineId, l.RefundAmount)), Is.EqualTo(
            new[] { ("1", 18m) }.Concat(Enumerable.Range(200, 12).Select(i => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), 2.5m))).Concat([("300", 20m), ("301", 15m)])),
            "12 lines of one refund (a page of 10 and the next), two refunds of one order, and 5001's");
        Assert.That(await db.GetTable<EtlQuarantine>().CountAsync(), Is.Zero);
    }

    [TestCase("http://localhost:{0}/", "not https (http://localhost:{0})", TestName = "A result URL over http on another host than the shop's is refused")]
    [TestCase("ftp://127.0.0.1:{0}/", "not https (ftp://127.0.0.1:{0})", TestName = "A result URL of another scheme on the shop's host is refused")]
    public async Task A_bulk_result_url_that_is_neither_https_nor_the_shops_own_address_is_not_fetched(string address, string message)
    {
        await using var shop = await ShopifyTestSource.StartAsync();
        shop.Settings.Api = "GraphQL";
        var port = shop.Server.BaseAddress.Port;
        shop.Server.Simulator<ShopifySimulator>().GraphQl.ResultAddress = new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, address, port));
        FillShop(shop, changed: false);

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => shop.RunAsync(Database, Settings));
        Assert.That(error!.Message, Does.Contain(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, port)).And.Contain("not fetched"));
        Assert.That(shop.Server.Requests, Has.None.Contains("shopify-bulk-results"), "nothing was asked of that address");
    }

    [Test]
    public async Task A_throttled_query_waits_for_the_bucket_and_is_asked_again_losing_nothing()
    {
        await using var shop = await ShopifyTestSource.StartAsync();
        shop.Settings.Api = "GraphQL";
        shop.Settings.BulkThreshold = 100;
        var simulator = shop.Server.Simulator<ShopifySimulator>().GraphQl;
        FillShop(shop, changed: false);
        await shop.RunAsync(Database, Settings);

        FillShop(shop, changed: true);
        simulator.MaximumAvailable = 1000;
        simulator.RestoreRate = 500;
        // Other calls of the app empty the bucket just as the incremental run's first query arrives.
        simulator.DrainAtNextQuery = 0;
        await shop.RunAsync(Database, Settings);

        Assert.That(simulator.Throttled, Has.Count.InRange(1, 4), string.Join("; ", simulator.Throttled) + ": the first query met an empty bucket; it was asked again once the bucket held its cost, and the next ones waited for it instead of being refused");
        await using var db = Database.Open();
        Assert.That(await db.GetTable<FactOrderLine>().CountAsync(), Is.EqualTo(35), "every line landed once");
        Assert.That(await db.GetTable<FactOrderLine>().Where(l => l.OrderLineId == "1").Select(l => l.RefundAmount).SingleAsync(), Is.EqualTo(18m));
        Assert.That(await db.GetTable<EtlQuarantine>().CountAsync(), Is.Zero);
    }

    [TestCase("FAILED", "ended FAILED (INTERNAL_SERVER_ERROR)")]
    [TestCase("EXPIRED", "ended EXPIRED")]
    [TestCase("CANCELED", "ended CANCELED")]
    public async Task A_bulk_operation_that_does_not_complete_fails_the_run_clearly_and_the_next_run_loads_everything_once(string outcome, string message)
    {
        await using var shop = await ShopifyTestSource.StartAsync();
        shop.Settings.Api = "GraphQL";
        var simulator = shop.Server.Simulator<ShopifySimulator>().GraphQl;
        FillShop(shop, changed: false);
        simulator.BulkOutcomes.Enqueue("COMPLETED");
        simulator.BulkOutcomes.Enqueue(outcome); // the products stream's operation

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => shop.RunAsync(Database, Settings));
        Assert.That(error!.Message, Does.Contain(message).And.Contain("nothing of it was landed"));
        await using (var db = Database.Open())
        {
            var failed = await db.GetTable<EtlLoad>().SingleAsync(l => l.Stream == "products");
            Assert.That((failed.Status, failed.Error), Is.EqualTo(("failed", error.Message)), "the load says why");
            Assert.That(await db.GetTable<EtlSourceState>().CountAsync(s => s.Stream == "products"), Is.Zero, "the cursor did not move");
            Assert.That(await db.GetTable<EtlLoad>().CountAsync(l => l.Stream == "orders"), Is.Zero, "the run stopped there");
        }

        await shop.RunAsync(Database, Settings);
        await using (var db = Database.Open())
        {
            Assert.That(await db.GetTable<DimProduct>().CountAsync(p => p.ProductKey > 0), Is.EqualTo(3), "three variants, once each");
            Assert.That(await db.GetTable<FactOrderLine>().CountAsync(), Is.EqualTo(5), "2 + 1 + 1 + 1 lines");
            Assert.That(await db.GetTable<DimCustomer>().CountAsync(c => c.CustomerKey > 0), Is.EqualTo(3));
        }
    }

    [Test]
    public async Task A_bulk_operation_of_the_same_query_already_running_is_waited_for_and_read_not_run_again()
    {
        await using var shop = await ShopifyTestSource.StartAsync();
        shop.Settings.Api = "GraphQL";
        var simulator = shop.Server.Simulator<ShopifySimulator>().GraphQl;
        FillShop(shop, changed: false);
        shop.Server.Shopify["customers"] = Etl.Simulation.ApiRecordSet.FromJson(shop.Customers);
        // Another process of this warehouse started the customers' first load a moment ago.
        simulator.StartBulkOperation(ShopifyCustomersStream.Query.Bulk(null), TimeSpan.FromSeconds(1));

        await shop.RunAsync(Database, Settings);

        var queries = simulator.BulkOperations.Select(b => b.Query).ToList();
        Assert.That(queries.Count(q => q == ShopifyCustomersStream.Query.Bulk(null)), Is.EqualTo(1), "the running customers operation was not started twice");
        Assert.That(queries, Has.Count.EqualTo(4), "customers (the running one), products, orders and checkouts");
        await using var db = Database.Open();
        Assert.That(await db.GetTable<DimCustomer>().CountAsync(c => c.CustomerKey > 0), Is.EqualTo(3), "its customers landed once");
    }

    [Test]
    public async Task Another_bulk_query_running_for_the_shop_does_not_stop_ours()
    {
        await using var shop = await ShopifyTestSource.StartAsync();
        shop.Settings.Api = "GraphQL";
        var simulator = shop.Server.Simulator<ShopifySimulator>().GraphQl;
        FillShop(shop, changed: false);
        // Up to five bulk queries run at once per app and shop from API 2026-01.
        var other = simulator.StartBulkOperation("{ orders(sortKey: ID) { edges { node { id } } } }", TimeSpan.FromSeconds(30));

        await shop.RunAsync(Database, Settings);

        Assert.That(simulator.BulkOperations.Where(b => b.Id != other).Select(b => b.Status), Is.EqualTo(Enumerable.Repeat("COMPLETED", 4)));
        Assert.That(simulator.BulkOperations.Single(b => b.Id == other).Status, Is.EqualTo("RUNNING"), "ours did not wait for it");
        await using var db = Database.Open();
        Assert.That(await db.GetTable<FactOrderLine>().CountAsync(), Is.EqualTo(5));
    }
}
