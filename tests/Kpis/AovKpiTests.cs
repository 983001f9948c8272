using Warehouse.Engines;

namespace Warehouse.Tests.Kpis;

public sealed class AovKpiTests(EngineKind engine) : KpiTestBase(engine)
{
    private static readonly DateOnly March = new(2026, 3, 1);

    // March: order A 100.00 + 25.50 (web), B 86.40 (web), C 40.00 after a 20.00 refund (store),
    // D 500.00 cancelled (left out). April: E 10.00.
    private Task ArrangeOrdersAsync() => ArrangeAsync(async f =>
    {
        await f.CustomerAsync(1, "c1", "retail");
        await f.CustomerAsync(2, "c2", "vip");
        await f.CampaignAsync(7, "Spring Sale");
        await f.OrderLineAsync("A", 1, new DateTime(2026, 3, 2, 10, 0, 0), 1, 100.00m, campaignKey: 7);
        await f.OrderLineAsync("A", 2, new DateTime(2026, 3, 2, 10, 0, 0), 1, 25.50m, campaignKey: 7);
        await f.OrderLineAsync("B", 1, new DateTime(2026, 3, 9, 8, 30, 0), 2, 86.40m);
        await f.OrderLineAsync("C", 1, new DateTime(2026, 3, 31, 23, 0, 0), 1, 40.00m, channel: "store", refund: 20m);
        await f.OrderLineAsync("D", 1, new DateTime(2026, 3, 15), 2, 500.00m, cancelled: true);
        await f.OrderLineAsync("E", 1, new DateTime(2026, 4, 1), 2, 10.00m);
    });

    [Test]
    public async Task Aov_is_net_revenue_over_non_cancelled_orders()
    {
        await ArrangeOrdersAsync();

        AssertValue(await ValueAsync("aov", March), 251.90, 3, 251.90 / 3);
        AssertValue(await ValueAsync("aov", new DateOnly(2026, 4, 1)), 10.00, 1, 10.00);
    }

    [Test]
    public async Task Aov_slices_by_channel_segment_and_campaign()
    {
        await ArrangeOrdersAsync();

        AssertValue(await ValueAsync("aov", March, "channel", "Web"), 211.90, 2, 105.95);
        AssertValue(await ValueAsync("aov", March, "channel", "Store"), 40.00, 1, 40.00);
        AssertValue(await ValueAsync("aov", March, "segment", "retail"), 165.50, 2, 82.75);
        AssertValue(await ValueAsync("aov", March, "campaign", "Spring Sale"), 125.50, 1, 125.50);
        AssertValue(await ValueAsync("aov", March, "campaign", "(none)"), 126.40, 2, 63.20);
    }

    [Test]
    public async Task Aov_by_week_and_day()
    {
        await ArrangeOrdersAsync();

        // Week of Monday 2026-03-30 holds order C (31 March) and E (1 April).
        AssertValue(await ValueAsync("aov", new DateOnly(2026, 3, 30), grain: "week"), 50.00, 2, 25.00);
        AssertValue(await ValueAsync("aov", new DateOnly(2026, 3, 2), grain: "day"), 125.50, 1, 125.50);
    }
}
