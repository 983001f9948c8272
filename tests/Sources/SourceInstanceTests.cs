using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Etl.Sources;
using Warehouse.Kpis;
using Warehouse.Schema;
using Warehouse.Schema.Dw;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Helpdesk;
using Warehouse.Tests.Kpis;
using static Warehouse.Tests.Fixtures.ShopifyRecords;

namespace Warehouse.Tests.Sources;

/// <summary>
/// Several instances of one source in one warehouse: two stores whose order, customer and checkout ids collide,
/// two helpdesks whose ticket ids collide, and a warehouse from before instances upgraded in place.
/// </summary>
public sealed class SourceInstanceTests(EngineKind engine) : KpiTestBase(engine)
{
    private static readonly DateOnly March = new(2026, 3, 1);
    private static readonly SourceInstance Eu = new(SourceNames.Shopify, "eu");

    [SetUp]
    public Task DeployFirstAsync() => DeployAsync();

    /// <summary>
    /// The default store: customer 1 (a@) orders 9000001 (100.00, from checkout 81) and 9000002 (50.00, from checkout 82),
    /// and leaves checkout 71. The eu store: customer 1 is somebody else (eu@), ordering 9000001 (300.00, from checkout 81);
    /// its customer 2 is a@ again, ordering 9000002 (20.00, with a checkout token of its own); checkout 71 is left there too.
    /// </summary>
    private static async Task<(ShopifyTestSource Home, ShopifyTestSource Europe)> TwoStoresAsync()
    {
        var home = await ShopifyTestSource.StartAsync();
        home.Customers.Add(Customer(1, "a@example.com", "retail", Start));
        home.Orders.Add(Order(9000001, Start, Start, 1, "a@example.com", [(1, 501, 1, 100m, 0m)], checkoutId: 81));
        home.Orders.Add(Order(9000002, Start.AddDays(3), Start.AddDays(3), 1, "a@example.com", [(2, 501, 1, 50m, 0m)], checkoutId: 82));
        home.Checkouts.Add(Checkout(71, Start.AddDays(1), null, 1, "a@example.com"));

        var europe = await ShopifyTestSource.StartAsync();
        europe.Instance = Eu;
        europe.Customers.Add(Customer(1, "eu@example.com", "vip", Start));
        europe.Customers.Add(Customer(2, "a@example.com", "retail", Start));
        europe.Orders.Add(Order(9000001, Start.AddDays(1), Start.AddDays(1), 1, "eu@example.com", [(1, 501, 1, 300m, 0m)], checkoutId: 81));
        europe.Orders.Add(Order(9000002, Start.AddDays(5), Start.AddDays(5), 2, "a@example.com", [(2, 501, 1, 20m, 0m)]));
        europe.Checkouts.Add(Checkout(71, Start.AddDays(2), null, 1, "eu@example.com"));
        return (home, europe);
    }

    [Test]
    public async Task Two_stores_with_colliding_ids_count_apart_and_together_and_a_second_run_changes_nothing()
    {
        var (home, europe) = await TwoStoresAsync();
        await using var _ = home;
        await using var __ = europe;
        await home.RunAsync(Database, Settings);
        await europe.RunAsync(Database, Settings);

        await using (var db = Database.Open())
        {
            var orders = await db.GetTable<FactOrder>().OrderBy(o => o.OrderId).Select(o => new { o.OrderId, o.SourceInstance }).ToListAsync();
            Assert.That(orders.Select(o => (o.OrderId, o.SourceInstance)),
                Is.EqualTo(new[] { ("9000001", "default"), ("9000002", "default"), ("eu:9000001", "eu"), ("eu:9000002", "eu") }),
                "both stores' order 9000001 are two orders, each with its instance");
            var buyers = await db.QueryToListAsync(r => (r.GetString(0), r.GetString(1)),
                "SELECT o.order_id, c.customer_id FROM dw.fact_order o JOIN dw.dim_customer c ON c.customer_key = o.customer_key");
            var buyerOf = buyers.ToDictionary(b => b.Item1, b => b.Item2);
            Assert.That(buyerOf["eu:9000001"], Is.Not.EqualTo(buyerOf["9000001"]), "customer 1 of each store is a different person");
            Assert.That(buyerOf["eu:9000002"], Is.EqualTo(buyerOf["9000001"]), "a@ buying in both stores is one customer");
            var loads = await db.GetTable<Warehouse.Schema.Etl.EtlLoad>().Select(l => l.Source).Distinct().ToListAsync();
            Assert.That(loads, Is.EquivalentTo(new[] { "Shopify", "Shopify:eu" }), "loads are kept per instance");
            var cursors = await db.GetTable<Warehouse.Schema.Etl.EtlSourceState>().CountAsync(s => s.Source == "Shopify:eu");
            Assert.That(cursors, Is.GreaterThan(0), "the eu store has cursors of its own");
        }

        await AssertStoreKpisAsync();

        var before = await DumpAsync();
        await home.RunAsync(Database, Settings);
        await europe.RunAsync(Database, Settings);
        Assert.That(await DumpAsync(), Is.EqualTo(before), "a second run of both stores changes nothing");
        await AssertStoreKpisAsync();
    }

    private async Task AssertStoreKpisAsync()
    {
        // Orders: 100 + 50 at home, 300 + 20 in eu.
        AssertValue(await ValueAsync("aov", March), 470, 4, 117.5);
        AssertValue(await ValueAsync("aov", March, "instance", "default"), 150, 2, 75);
        AssertValue(await ValueAsync("aov", March, "instance", "eu"), 320, 2, 160);
        // Checkouts: each store has its checkout 71 abandoned and two orders that came from a checkout (checkout 81 and 82 at
        // home; in eu checkout 81 and order 9000002's checkout token).
        AssertValue(await ValueAsync("cart_abandonment", March), 2, 6, 100.0 / 3);
        AssertValue(await ValueAsync("cart_abandonment", March, "instance", "default"), 1, 3, 100.0 / 3);
        AssertValue(await ValueAsync("cart_abandonment", March, "instance", "eu"), 1, 3, 100.0 / 3);
        // a@ (first order at home) and eu@: one conformed customer each.
        var newCustomers = await ValueAsync("new_customers", March);
        Assert.That(newCustomers.Numerator, Is.EqualTo(2));
    }

    private async Task<List<string>> DumpAsync(bool withInstance = true)
    {
        var rows = new List<string>();
        foreach (var table in new[] { "dw.fact_order_line", "dw.fact_order", "dw.fact_checkout", "dw.dim_customer", "dw.dim_product", "dw.customer_source_map", "dw.fact_ticket", "dw.dim_agent" })
        {
            rows.AddRange((await TableDump.ReadAsync(Database, table, withInstance ? [] : [SourceInstanceColumn.Name])).Select(r => table + ": " + r));
        }

        return rows;
    }

    [Test]
    public async Task Two_helpdesks_with_colliding_ticket_ids_give_helpdesk_kpis_per_instance_and_together()
    {
        await using (var home = await ZendeskTestSource.StartAsync())
        {
            HelpdeskScenario.Fill(home);
            await home.RunAsync(Database, Settings);
        }

        await using (var europe = await ZendeskTestSource.StartAsync())
        {
            // The same tickets, agents and users by id, but the eu helpdesk gives high priority 200 business minutes to
            // a first reply: T2's reply after 120 business minutes is in time there.
            HelpdeskScenario.Fill(europe);
            europe.SlaPolicies.Clear();
            europe.SlaPolicies.Add(ZendeskRecords.SlaPolicy(1, ("normal", "first_reply_time", 60), ("normal", "requester_wait_time", 480), ("high", "first_reply_time", 200)));
            europe.Instance = new SourceInstance(SourceNames.Zendesk, "eu");
            await europe.RunAsync(Database, Settings);
        }

        await using (var db = Database.Open())
        {
            Assert.That(await db.GetTable<FactTicket>().CountAsync(), Is.EqualTo(10), "ticket 1 of each helpdesk is two tickets");
            Assert.That(await db.GetTable<FactTicket>().CountAsync(t => t.TicketId == "eu:1" && t.SourceInstance == "eu"), Is.EqualTo(1));
        }

        // Per helpdesk as in HelpdeskKpiTests: solved in March T1 1 h, T2 42 h, T3 3 h.
        AssertValue(await ValueAsync("avg_resolution_time", March, "instance", "default"), 46, 3, 46.0 / 3);
        AssertValue(await ValueAsync("avg_resolution_time", March, "instance", "eu"), 46, 3, 46.0 / 3);
        AssertValue(await ValueAsync("avg_resolution_time", March), 92, 6, 92.0 / 6);
        AssertValue(await ValueAsync("first_reply_time", March), 2260, 6, 2260.0 / 6);
        AssertValue(await ValueAsync("reopen_rate", March, "instance", "eu"), 1, 3, 100.0 / 3);
        // Each helpdesk's own SLA policy: T2 breaches at home only.
        AssertValue(await ValueAsync("sla_breach_rate", March, "instance", "default"), 1, 3, 100.0 / 3);
        AssertValue(await ValueAsync("sla_breach_rate", March, "instance", "eu"), 0, 3, 0);
        AssertValue(await ValueAsync("sla_breach_rate", March), 1, 6, 100.0 / 6);
        // Ratings T1 good, T2 bad, T3 good in each (T4's ticket was deleted).
        AssertValue(await ValueAsync("csat", March), 4, 6, 400.0 / 6);
    }

    [Test]
    public async Task A_warehouse_from_before_instances_is_upgraded_by_init_in_place_with_the_same_kpis()
    {
        var (home, europe) = await TwoStoresAsync();
        await europe.DisposeAsync();
        await using (home)
        {
            await home.RunAsync(Database, Settings);
        }

        await using (var desk = await ZendeskTestSource.StartAsync())
        {
            HelpdeskScenario.Fill(desk);
            await desk.RunAsync(Database, Settings);
        }

        var codes = new[] { "aov", "cart_abandonment", "avg_resolution_time", "sla_breach_rate", "csat", "new_customers" };
        var before = await KpisAsync(codes);
        var rowsBefore = await DumpAsync(withInstance: false);

        // The warehouse as schema version 5 left it: no instance columns anywhere.
        await using (var db = Database.Open())
        {
            foreach (var table in TableShape.All.Where(t => t.Columns.Any(c => c.ColumnName == SourceInstanceColumn.Name)))
            {
                await db.ExecuteAsync($"ALTER TABLE {table.Schema}.{table.Name} DROP COLUMN {SourceInstanceColumn.Name}{(Engine == EngineKind.PostgreSql ? " CASCADE" : "")}");
            }

            await db.ExecuteAsync($"DELETE FROM etl.schema_version WHERE version = {WarehouseTables.SchemaVersion}");
        }

        var report = await DeployAsync();

        Assert.That(report.ColumnsAdded, Is.EqualTo(TableShape.All.Count(t => t.Columns.Any(c => c.ColumnName == SourceInstanceColumn.Name))));
        await using (var db = Database.Open())
        {
            Assert.That(await db.GetTable<FactOrderLine>().Select(f => f.SourceInstance).Distinct().ToListAsync(), Is.EqualTo(new[] { "default" }));
            Assert.That(await db.GetTable<FactTicket>().Select(f => f.SourceInstance).Distinct().ToListAsync(), Is.EqualTo(new[] { "default" }));
        }

        Assert.That(await DumpAsync(withInstance: false), Is.EqualTo(rowsBefore), "nothing was reloaded or changed but the new column");
        foreach (var table in TableShape.All.Where(t => t.Columns.Any(c => c.ColumnName == SourceInstanceColumn.Name)))
        {
            await using var db = Database.Open();
            var instances = await db.QueryToListAsync(r => r.IsDBNull(0) ? "NULL" : r.GetString(0), $"SELECT DISTINCT {SourceInstanceColumn.Name} FROM {table.Schema}.{table.Name}");
            Assert.That(instances, Is.Empty.Or.EqualTo(new[] { "default" }), $"{table.Schema}.{table.Name}: the rows there were became the instance default");
        }

        Assert.That(await KpisAsync(codes), Is.EqualTo(before));
        AssertValue(await ValueAsync("aov", March, "instance", "default"), 150, 2, 75);
    }

    private async Task<List<string>> KpisAsync(IEnumerable<string> codes)
    {
        var rows = new List<string>();
        foreach (var code in codes)
        {
            var values = await KpiReader.ReadAsync(Database, "month", KpiSlice.AllCode, code);
            rows.AddRange(values.Select(v => $"{code} {v.PeriodStart:yyyy-MM} {v.Numerator} {v.Denominator} {v.Value}"));
        }

        return rows;
    }
}
