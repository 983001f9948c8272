using Warehouse.Engines;

namespace Warehouse.Tests.Kpis;

public sealed class RepeatPurchaseRateKpiTests(EngineKind engine) : KpiTestBase(engine)
{
    // c1 changes segment in February (two versions, one durable id): orders 5 Jan, 10 Mar, 20 Mar.
    // c2: one order 3 Mar. c3: orders 1 and 15 Feb. c4: a cancelled order in January, then 25 Mar.
    // A guest order in March (unknown customer) is left out.
    private Task ArrangeOrdersAsync() => ArrangeAsync(async f =>
    {
        await f.CustomerAsync(11, "c1", "retail", validTo: new DateTime(2026, 2, 1));
        await f.CustomerAsync(12, "c1", "vip", validFrom: new DateTime(2026, 2, 1));
        await f.CustomerAsync(2, "c2", "retail");
        await f.CustomerAsync(3, "c3", "retail");
        await f.CustomerAsync(4, "c4", "retail");
        await f.OrderLineAsync("o1", 1, new DateTime(2026, 1, 5), 11, 10m);
        await f.OrderLineAsync("o2", 1, new DateTime(2026, 3, 10), 12, 10m);
        await f.OrderLineAsync("o3", 1, new DateTime(2026, 3, 20), 12, 10m);
        await f.OrderLineAsync("o4", 1, new DateTime(2026, 3, 3), 2, 10m);
        await f.OrderLineAsync("o5", 1, new DateTime(2026, 2, 1), 3, 10m);
        await f.OrderLineAsync("o6", 1, new DateTime(2026, 2, 15), 3, 10m);
        await f.OrderLineAsync("o7", 1, new DateTime(2026, 1, 20), 4, 10m, cancelled: true);
        await f.OrderLineAsync("o8", 1, new DateTime(2026, 3, 25), 4, 10m);
        await f.OrderLineAsync("guest", 1, new DateTime(2026, 3, 26), -1, 10m);
    });

    [Test]
    public async Task Repeat_rate_counts_customers_whose_order_in_the_period_was_a_second_or_later()
    {
        await ArrangeOrdersAsync();

        AssertValue(await ValueAsync("repeat_purchase_rate", new DateOnly(2026, 1, 1)), 0, 1, 0);
        AssertValue(await ValueAsync("repeat_purchase_rate", new DateOnly(2026, 2, 1)), 1, 1, 100);
        AssertValue(await ValueAsync("repeat_purchase_rate", new DateOnly(2026, 3, 1)), 1, 3, 100.0 / 3);
    }

    [Test]
    public async Task Repeat_rate_by_segment_follows_the_customer_version_of_each_order()
    {
        await ArrangeOrdersAsync();

        AssertValue(await ValueAsync("repeat_purchase_rate", new DateOnly(2026, 3, 1), "segment", "vip"), 1, 1, 100);
        AssertValue(await ValueAsync("repeat_purchase_rate", new DateOnly(2026, 3, 1), "segment", "retail"), 0, 2, 0);
    }
}
