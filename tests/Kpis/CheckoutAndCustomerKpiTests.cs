using Warehouse.Engines;
using Warehouse.Kpis;

namespace Warehouse.Tests.Kpis;

public sealed class CheckoutAndCustomerKpiTests(EngineKind engine) : KpiTestBase(engine)
{
    private static readonly DateOnly March = new(2026, 3, 1);

    [Test]
    public async Task Cart_abandonment_counts_checkouts_not_completed_within_the_grace_window()
    {
        var recent = DateTime.UtcNow.AddHours(-1);
        await ArrangeAsync(async f =>
        {
            await f.CheckoutAsync("c1", new DateTime(2026, 3, 1, 10, 0, 0), new DateTime(2026, 3, 1, 10, 30, 0));
            await f.CheckoutAsync("c2", new DateTime(2026, 3, 2, 10, 0, 0), null);
            await f.CheckoutAsync("c3", new DateTime(2026, 3, 3, 10, 0, 0), new DateTime(2026, 3, 5, 10, 0, 0)); // completed after 48 h
            await f.CheckoutAsync("c4", new DateTime(2026, 3, 4, 10, 0, 0), null, items: 0);                       // empty cart
            await f.CheckoutAsync("c5", new DateTime(2026, 3, 5, 10, 0, 0), new DateTime(2026, 3, 6, 9, 0, 0));  // after 23 h
            await f.CheckoutAsync("c6", new DateTime(2026, 3, 6, 10, 0, 0), new DateTime(2026, 3, 6, 10, 5, 0));
            await f.CheckoutAsync("c7", recent, null);                                                             // still inside the window
        });

        AssertValue(await ValueAsync("cart_abandonment", March), 2, 5, 40);
        var current = new DateOnly(recent.Year, recent.Month, 1);
        var values = await KpiReader.ReadAsync(Database, code: "cart_abandonment");
        Assert.That(values.Where(v => v.PeriodStart == current), Is.Empty, "a checkout inside its grace window is not counted yet");
    }

    [Test]
    public async Task New_customers_are_counted_in_the_month_of_their_first_order()
    {
        await ArrangeAsync(async f =>
        {
            await f.CustomerAsync(1, "c1", "retail");
            await f.CustomerAsync(2, "c2", "vip");
            await f.CustomerAsync(3, "c3", "vip");
            await f.OrderLineAsync("o1", 1, new DateTime(2026, 1, 10), 1, 10m);
            await f.OrderLineAsync("o2", 1, new DateTime(2026, 3, 10), 1, 10m);
            await f.OrderLineAsync("o3", 1, new DateTime(2026, 3, 11), 2, 10m);
            await f.OrderLineAsync("o4", 1, new DateTime(2026, 4, 11), 2, 10m);
            await f.OrderLineAsync("o5", 1, new DateTime(2026, 2, 11), 3, 10m, cancelled: true);
            await f.OrderLineAsync("o6", 1, new DateTime(2026, 3, 12), 3, 10m);
            await f.OrderLineAsync("guest", 1, new DateTime(2026, 3, 12), -1, 10m);
        });

        var january = await ValueAsync("new_customers", new DateOnly(2026, 1, 1));
        var march = await ValueAsync("new_customers", March);
        Assert.That((january.Value, march.Value, march.Denominator), Is.EqualTo(((double?)1, (double?)2, (double?)null)));
        Assert.That((await ValueAsync("new_customers", March, "segment", "vip")).Value, Is.EqualTo(2));
        var values = await KpiReader.ReadAsync(Database, code: "new_customers");
        Assert.That(values.Where(v => v.PeriodStart == new DateOnly(2026, 2, 1) || v.PeriodStart == new DateOnly(2026, 4, 1)), Is.Empty);
    }
}
