using Warehouse.Engines;
using Warehouse.Kpis;

namespace Warehouse.Tests.Kpis;

/// <summary>visitor_conversion, pages_per_visit, direct_traffic_share and goal_completion over five March sessions.</summary>
public sealed class WebAnalyticsKpiTests(EngineKind engine) : KpiTestBase(engine)
{
    private static readonly DateOnly March = new(2026, 3, 1);

    // s1 direct, 3 pages, converted, sign_up · s2 organic, 5 pages, sign_up + add_to_cart · s3 Spring campaign, 10 pages,
    // converted · s4 direct, 1 page, add_to_cart · s5 organic, 4 pages · April: s6 e-mail, 2 pages.
    private Task ArrangeSessionsAsync() => ArrangeAsync(async f =>
    {
        await f.CampaignAsync(7, "Spring");
        await f.SessionAsync("s1", new DateTime(2026, 3, 1, 8, 0, 0), 3, converted: true, direct: true, goals: ["sign_up"]);
        await f.SessionAsync("s2", new DateTime(2026, 3, 2, 8, 0, 0), 5, goals: ["sign_up", "add_to_cart"]);
        await f.SessionAsync("s3", new DateTime(2026, 3, 3, 8, 0, 0), 10, converted: true, campaignKey: 7);
        await f.SessionAsync("s4", new DateTime(2026, 3, 4, 8, 0, 0), 1, direct: true, goals: ["add_to_cart"]);
        await f.SessionAsync("s5", new DateTime(2026, 3, 31, 23, 0, 0), 4);
        await f.SessionAsync("s6", new DateTime(2026, 4, 1, 8, 0, 0), 2, channel: "email");
    });

    [Test]
    public async Task Conversion_is_converted_sessions_over_sessions()
    {
        await ArrangeSessionsAsync();

        AssertValue(await ValueAsync("visitor_conversion", March), 2, 5, 40);
        AssertValue(await ValueAsync("visitor_conversion", March, "campaign", "Spring"), 1, 1, 100);
        AssertValue(await ValueAsync("visitor_conversion", March, "campaign", "(none)"), 1, 4, 25);
        AssertValue(await ValueAsync("visitor_conversion", new DateOnly(2026, 4, 1)), 0, 1, 0);
    }

    [Test]
    public async Task Pages_per_visit_is_page_views_over_sessions()
    {
        await ArrangeSessionsAsync();

        AssertValue(await ValueAsync("pages_per_visit", March), 23, 5, 4.6);
        AssertValue(await ValueAsync("pages_per_visit", new DateOnly(2026, 4, 1), "channel", "Email"), 2, 1, 2);
    }

    [Test]
    public async Task Direct_share_is_direct_sessions_over_sessions()
    {
        await ArrangeSessionsAsync();

        AssertValue(await ValueAsync("direct_traffic_share", March), 2, 5, 40);
        // Week of Monday 2 March: s2, s3, s4 (1 March is a Sunday and belongs to the week before).
        AssertValue(await ValueAsync("direct_traffic_share", new DateOnly(2026, 3, 2), grain: "week"), 1, 3, 100.0 / 3);
    }

    [Test]
    public async Task Goal_completion_is_per_goal_and_any_goal_for_the_total()
    {
        await ArrangeSessionsAsync();

        AssertValue(await ValueAsync("goal_completion", March, "goal", "sign_up"), 2, 5, 40);
        AssertValue(await ValueAsync("goal_completion", March, "goal", "add_to_cart"), 2, 5, 40);
        AssertValue(await ValueAsync("goal_completion", March), 3, 5, 60);
        // 2 March: s2 completed both goals and counts once for the total.
        AssertValue(await ValueAsync("goal_completion", new DateOnly(2026, 3, 2), grain: "day"), 1, 1, 100);
        AssertValue(await ValueAsync("goal_completion", new DateOnly(2026, 4, 1)), 0, 1, 0);
    }
}
