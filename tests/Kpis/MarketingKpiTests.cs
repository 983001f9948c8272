using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Schema.Dw;

namespace Warehouse.Tests.Kpis;

/// <summary>
/// Attribution, campaign ROI and CAC for March 2026. Spring (7) spent 100 + 60, Summer (8) spent 0.
/// Orders: A c1 10 Mar Spring 300 · B c2 12 Mar Summer 80 · C c2 20 Mar no campaign 40 · D c3 25 Mar no campaign 25.
/// c2 visited from Spring on 1 Mar (a session), so Spring is c2's first touch within the 30-day window.
/// </summary>
public sealed class MarketingKpiTests(EngineKind engine) : KpiTestBase(engine)
{
    private static readonly DateOnly March = new(2026, 3, 1);

    [SetUp]
    public Task ArrangeCampaignsAsync() => ArrangeAsync(async f =>
    {
        await f.CustomerAsync(1, "c1", "retail");
        await f.CustomerAsync(2, "c2", "retail");
        await f.CustomerAsync(3, "c3", "vip");
        await f.CampaignAsync(7, "Spring");
        await f.CampaignAsync(8, "Summer");
        await f.SpendAsync(7, new DateTime(2026, 3, 1), 100m);
        await f.SpendAsync(7, new DateTime(2026, 3, 2), 60m);
        await f.SpendAsync(8, new DateTime(2026, 3, 2), 0m);
        await f.SessionAsync("s1", new DateTime(2026, 3, 1, 9, 0, 0), 3, campaignKey: 7, customerKey: 2);
        await f.OrderLineAsync("A", 1, new DateTime(2026, 3, 10), 1, 300m, campaignKey: 7);
        await f.OrderLineAsync("B", 1, new DateTime(2026, 3, 12), 2, 80m, campaignKey: 8);
        await f.OrderLineAsync("C", 1, new DateTime(2026, 3, 20), 2, 40m);
        await f.OrderLineAsync("D", 1, new DateTime(2026, 3, 25), 3, 25m);
        await f.RefreshDerivedFactsAsync(Database.Dialect, Settings);
    });

    [Test]
    public async Task Last_touch_credits_the_orders_campaign_and_first_touch_the_earliest_touch_in_the_window()
    {
        await using var db = Database.Open();
        var rows = await db.GetTable<FactOrderAttribution>().OrderBy(a => a.AttributionModel).ThenBy(a => a.OrderId)
            .Select(a => a.AttributionModel + ":" + a.OrderId + ":" + a.CampaignKey + ":" + a.LookbackDays).ToListAsync();
        Assert.That(rows, Is.EqualTo(new[] { "first_touch:A:7:30", "first_touch:B:7:30", "first_touch:C:7:30", "last_touch:A:7:30", "last_touch:B:8:30" }));
    }

    [Test]
    public async Task Campaign_roi_is_attributed_revenue_less_cost_over_cost()
    {
        AssertValue(await ValueAsync("campaign_roi", March), 380 - 160, 160, 220.0 / 160);
        AssertValue(await ValueAsync("campaign_roi", March, "campaign", "Spring"), 300 - 160, 160, 140.0 / 160);
    }

    [Test]
    public async Task A_campaign_without_cost_has_no_roi_and_no_error()
    {
        AssertValue(await ValueAsync("campaign_roi", March, "campaign", "Summer"), 80, 0, null);
    }

    [Test]
    public async Task Cac_is_spend_over_new_customers()
    {
        AssertValue(await ValueAsync("cac", March), 160, 3, 160.0 / 3);
        AssertValue(await ValueAsync("cac", March, "campaign", "Spring"), 160, 1, 160);
    }
}
