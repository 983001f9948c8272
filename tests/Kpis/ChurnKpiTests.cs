using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Schema.Dw;

namespace Warehouse.Tests.Kpis;

/// <summary>
/// The customer-month snapshot and churn, retention and acquisition rates, with a 60-day inactivity window.
/// c1 orders 10 Jan and 5 Feb · c2 20 Jan · c3 15 Mar · c4 5 Jan and 1 Apr. The last month with orders is April.
/// Active at a date = an order in the 60 days before it. March: active at start c1, c2, c4; by 1 April c2 and c4 have
/// no order since 31 Jan: 2 churned; c3 is new. April: active at start c1, c3; c1 churns; c4 comes back (neither new nor counted).
/// </summary>
public sealed class ChurnKpiTests(EngineKind engine) : KpiTestBase(engine)
{
    [SetUp]
    public Task ArrangeOrdersAsync() => ArrangeAsync(async f =>
    {
        foreach (var (key, id) in new[] { (1, "c1"), (2, "c2"), (3, "c3"), (4, "c4") }) await f.CustomerAsync(key, id, key % 2 == 0 ? "vip" : "retail");
        await f.OrderLineAsync("o1", 1, new DateTime(2026, 1, 10), 1, 10m);
        await f.OrderLineAsync("o2", 1, new DateTime(2026, 2, 5), 1, 20m);
        await f.OrderLineAsync("o3", 1, new DateTime(2026, 1, 20), 2, 30m);
        await f.OrderLineAsync("o4", 1, new DateTime(2026, 3, 15), 3, 40m);
        await f.OrderLineAsync("o5", 1, new DateTime(2026, 1, 5), 4, 50m);
        await f.OrderLineAsync("o6", 1, new DateTime(2026, 4, 1), 4, 60m);
        var settings = Settings;
        settings.Kpis.ChurnInactivityDays = 60;
        await f.RefreshDerivedFactsAsync(Database.Dialect, settings);
    });

    [Test]
    public async Task The_snapshot_has_a_row_for_every_customer_month_from_the_first_order()
    {
        await using var db = Database.Open();
        var rows = await db.GetTable<FactCustomerMonth>().OrderBy(m => m.CustomerId).ThenBy(m => m.MonthDateKey).ToListAsync();
        Assert.That(rows.GroupBy(r => r.CustomerId).Select(g => (g.Key, g.Count())), Is.EqualTo(new[] { ("c1", 4), ("c2", 4), ("c3", 2), ("c4", 4) }));
        var c4April = rows.Single(r => r.CustomerId == "c4" && r.MonthDateKey == 20260401);
        Assert.That((c4April.IsActiveAtStart, c4April.IsNew, c4April.IsChurned, c4April.IsActiveAtEnd, c4April.Orders, c4April.RevenueReporting),
            Is.EqualTo((false, false, false, true, 1, 60m)));
    }

    [Test]
    public async Task Churn_counts_customers_lost_over_customers_active_at_the_start()
    {
        AssertValue(await ValueAsync("churn_rate", new DateOnly(2026, 2, 1)), 0, 3, 0);
        AssertValue(await ValueAsync("churn_rate", new DateOnly(2026, 3, 1)), 2, 3, 200.0 / 3);
        AssertValue(await ValueAsync("churn_rate", new DateOnly(2026, 4, 1)), 1, 2, 50);
        AssertValue(await ValueAsync("churn_rate", new DateOnly(2026, 3, 1), "segment", "vip"), 2, 2, 100);
    }

    [Test]
    public async Task Retention_is_one_minus_churn_from_the_same_counts()
    {
        AssertValue(await ValueAsync("retention_rate", new DateOnly(2026, 3, 1)), 1, 3, 100.0 / 3);
    }

    [Test]
    public async Task Customers_acquired_in_a_month_count_in_acquisition_not_in_churn()
    {
        AssertValue(await ValueAsync("acquisition_rate", new DateOnly(2026, 3, 1)), 1, 3, 100.0 / 3);
        AssertValue(await ValueAsync("acquisition_rate", new DateOnly(2026, 1, 1)), 3, 0, null);
        AssertValue(await ValueAsync("acquisition_rate", new DateOnly(2026, 4, 1)), 0, 2, 0);
    }

    [Test]
    public async Task Clv_is_annualised_revenue_per_customer_times_the_expected_lifetime()
    {
        // March: revenue 40 (c3), 4 customers active in the month, monthly churn 2/3 → lifetime 3 / (12 × 2) = 0.125 years.
        AssertValue(await ValueAsync("clv", new DateOnly(2026, 3, 1)), 40 * 12 * 0.125, 4, 15);
        // February: revenue 20 (c1), 3 active, no churn → lifetime capped at 10 years.
        AssertValue(await ValueAsync("clv", new DateOnly(2026, 2, 1)), 20 * 12 * 10, 3, 800);
    }

    [Test]
    public async Task Historical_clv_is_revenue_per_customer_to_date()
    {
        await using var db = Database.Open();
        var row = await LinqToDB.Data.DataContextExtensions.QueryToListAsync(db, r => (Convert.ToDouble(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), Convert.ToDouble(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)),
            "SELECT historical_revenue_sum, customers_to_date FROM kpi.clv WHERE grain = 'month' AND slice_name = 'all' AND period_start = (SELECT MIN(full_date) FROM dw.dim_date WHERE date_key = 20260301)");
        // To the end of March: c1 30, c2 30, c3 40, c4 50.
        Assert.That(row.Single(), Is.EqualTo((150.0, 4.0)));
    }
}
