using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Warehouse.Engines;
using Warehouse.Kpis;
using Warehouse.Schema.Dw;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Kpis;
using static Warehouse.Tests.Fixtures.ShopifyRecords;

namespace Warehouse.Tests.Sources;

/// <summary>
/// KPIs over Shopify as Shopify documents it: test orders are listed with <c>"test": true</c>, and the
/// checkouts endpoint lists abandoned checkouts only (a completed checkout is known from its order).
/// </summary>
public sealed class ShopifyDocumentedBehaviourTests(EngineKind engine) : KpiTestBase(engine)
{
    private static readonly DateOnly March = new(2026, 3, 1);
    private ShopifyTestSource shop = null!;

    [SetUp]
    public async Task StartShopAsync()
    {
        shop = await ShopifyTestSource.StartAsync();
        await DeployAsync();
    }

    [TearDown]
    public async Task StopShopAsync() => await shop.DisposeAsync();

    [Test]
    public async Task Test_orders_stay_in_the_fact_with_their_flag_and_count_in_no_kpi()
    {
        shop.Customers.Add(Customer(1, "real@example.com", "retail", Start));
        shop.Customers.Add(Customer(2, "staff@example.com", "retail", Start));
        shop.Orders.Add(Order(1, Start, Start, 1, "real@example.com", [(10, 501, 1, 100m, 0m)], checkoutId: 71));
        shop.Orders.Add(Order(2, Start.AddDays(2), Start.AddDays(2), 1, "real@example.com", [(20, 501, 1, 900m, 0m)], test: true, checkoutId: 72));
        shop.Orders.Add(Order(3, Start.AddDays(3), Start.AddDays(3), 2, "staff@example.com", [(30, 501, 2, 50m, 0m)], test: true, checkoutId: 73));

        await shop.RunAsync(Database, Settings);

        await using (var db = Database.Open())
        {
            var lines = await db.GetTable<FactOrderLine>().OrderBy(f => f.OrderId).Select(f => new { f.OrderId, f.IsTest }).ToListAsync();
            Assert.That(lines.Select(l => (l.OrderId, l.IsTest)), Is.EqualTo(new[] { ("1", false), ("2", true), ("3", true) }), "test orders are kept, flagged");
            Assert.That(await db.GetTable<FactOrder>().Select(o => o.OrderId).ToListAsync(), Is.EqualTo(new[] { "1" }), "only the real order counts");
            var biTest = await db.QueryToListAsync(r => r.GetString(0), $"SELECT order_id FROM bi.order_line WHERE is_test = {Database.Dialect.True}");
            Assert.That(biTest, Is.EquivalentTo(new[] { "2", "3" }), "analysts see the flag in bi.order_line");
        }

        AssertValue(await ValueAsync("aov", March), 100, 1, 100);
        var newCustomers = await ValueAsync("new_customers", March);
        Assert.That((newCustomers.Numerator, newCustomers.Value), Is.EqualTo((1.0, 1.0)), "the staff member with test orders only is no new customer");
        // Customer 1 has one real order: not a repeat buyer; customer 2 (test orders only) is no customer at all.
        AssertValue(await ValueAsync("repeat_purchase_rate", March), 0, 1, 0);
        // The test orders' checkouts are left out too: one checkout, completed.
        AssertValue(await ValueAsync("cart_abandonment", March), 0, 1, 0);
    }

    [Test]
    public async Task Cart_abandonment_counts_listed_abandoned_checkouts_and_orders_from_checkouts_once_each()
    {
        shop.Customers.Add(Customer(1, "a@example.com", "retail", Start));
        // The store holds checkouts 71 (completed at once by order 1), 74 and 75 (abandoned); orders 2 and 3 came
        // from checkouts 72 and 73. Shopify's list leaves the completed checkout out although the store has it.
        shop.Checkouts.Add(Checkout(71, Start, Start.AddMinutes(5), 1, "a@example.com"));
        shop.Checkouts.Add(Checkout(74, Start.AddDays(1), null, 1, "a@example.com"));
        shop.Checkouts.Add(Checkout(75, Start.AddDays(2), null, 1, "a@example.com"));
        shop.Orders.Add(Order(1, Start.AddMinutes(5), Start.AddMinutes(5), 1, "a@example.com", [(10, 501, 1, 10m, 0m)], checkoutId: 71));
        shop.Orders.Add(Order(2, Start.AddDays(4), Start.AddDays(4), 1, "a@example.com", [(20, 501, 1, 10m, 0m)], checkoutId: 72));
        shop.Orders.Add(Order(3, Start.AddDays(5), Start.AddDays(5), 1, "a@example.com", [(30, 501, 1, 10m, 0m)], checkoutId: 73));

        await shop.RunAsync(Database, Settings);

        using (var http = new HttpClient())
        {
            using var page = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(shop.Server.BaseAddress, "admin/api/2024-10/checkouts.json")));
            var listed = page.RootElement.GetProperty("checkouts").EnumerateArray().Select(c => c.GetProperty("id").GetInt64());
            Assert.That(listed, Is.EqualTo(new[] { 74L, 75L }), "the abandoned checkouts only");
        }

        // 2 abandoned / (2 abandoned + 3 orders from a checkout).
        AssertValue(await ValueAsync("cart_abandonment", March), 2, 5, 40);

        // Checkout 75 is recovered later by order 4: the list shows it completed, the order names it, and it counts
        // once, completed (created on day 2 as the list said, completed within the grace window).
        shop.Checkouts.RemoveAt(2);
        shop.Checkouts.Add(Checkout(75, Start.AddDays(2), Start.AddDays(2).AddHours(3), 1, "a@example.com", recovered: true));
        shop.Orders.Add(Order(4, Start.AddDays(2).AddHours(3), Start.AddDays(6), 1, "a@example.com", [(40, 501, 1, 10m, 0m)], checkoutId: 75));

        await shop.RunAsync(Database, Settings);

        AssertValue(await ValueAsync("cart_abandonment", March), 1, 5, 20);
        await using var db = Database.Open();
        var completed = await db.GetTable<FactCheckout>().SingleAsync(c => c.CheckoutId == "75");
        Assert.That((completed.CreatedAt, completed.OrderId), Is.EqualTo((Start.AddDays(2), "4")));
        Assert.That(await db.GetTable<FactCheckout>().CountAsync(), Is.EqualTo(5));
    }

    [Test]
    public async Task Customer_names_reach_the_customer_dimension_and_customer_360_when_kept()
    {
        shop.Customers.Add(Customer(1, "ana@example.com", "retail", Start, firstName: "Ana", lastName: "Lima"));
        shop.Customers.Add(Customer(2, "bo@example.com", "retail", Start, firstName: " ", lastName: null));
        shop.Orders.Add(Order(1, Start, Start, 1, "ana@example.com", [(10, 501, 1, 100m, 0m)]));
        var settings = Settings;
        settings.StoreCustomerName = true;

        await shop.RunAsync(Database, settings);

        await using var db = Database.Open();
        var names = await db.QueryToListAsync(r => r.IsDBNull(0) ? null : r.GetString(0), "SELECT customer_name FROM bi.customer_360 ORDER BY lifetime_value DESC");
        Assert.That(names, Is.EqualTo(new[] { "Ana Lima", null }));
        Assert.That(await db.GetTable<DimCustomer>().Where(c => c.CustomerKey > 0).Select(c => c.CustomerName).ToListAsync(), Is.EquivalentTo(new[] { "Ana Lima", null }));
    }

    [Test]
    public async Task Customer_names_are_not_kept_by_default()
    {
        shop.Customers.Add(Customer(1, "ana@example.com", "retail", Start, firstName: "Ana", lastName: "Lima"));

        await shop.RunAsync(Database, Settings);

        await using var db = Database.Open();
        Assert.That(await db.GetTable<DimCustomer>().Where(c => c.CustomerKey > 0).Select(c => c.CustomerName).SingleAsync(), Is.Null);
    }

    [Test]
    public async Task Orders_older_than_the_configured_calendar_count_in_their_month()
    {
        var old = new DateTime(2017, 5, 3, 10, 0, 0, DateTimeKind.Utc);
        shop.Customers.Add(Customer(1, "old@example.com", "retail", Start));
        shop.Orders.Add(Order(1, old, old, 1, "old@example.com", [(10, 501, 2, 30m, 0m)]));

        var result = await shop.RunAsync(Database, Settings);

        Assert.That(result.Quarantined, Is.Zero);
        AssertValue(await ValueAsync("aov", new DateOnly(2017, 5, 1)), 60, 1, 60);
    }
}
