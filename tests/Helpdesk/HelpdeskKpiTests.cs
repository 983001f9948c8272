using System.Globalization;
using LinqToDB.Data;
using Warehouse.Engines;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Kpis;

namespace Warehouse.Tests.Helpdesk;

/// <summary>The helpdesk KPIs for March 2026 over <see cref="HelpdeskScenario"/>, loaded through the Zendesk connector.</summary>
public sealed class HelpdeskKpiTests(EngineKind engine) : KpiTestBase(engine)
{
    private static readonly DateOnly March = new(2026, 3, 1);

    [SetUp]
    public async Task LoadScenarioAsync()
    {
        await DeployAsync();
        await using var desk = await ZendeskTestSource.StartAsync();
        HelpdeskScenario.Fill(desk);
        await desk.RunAsync(Database, Settings);
    }

    /// <summary>An extra column of a KPI view, for the month total.</summary>
    private async Task<double?> ExtraAsync(string view, string column)
    {
        await using var db = Database.Open();
        var values = await db.QueryToListAsync(r => r.IsDBNull(0) ? (double?)null : Convert.ToDouble(r.GetValue(0), CultureInfo.InvariantCulture),
            $"SELECT {column} FROM kpi.{view} WHERE grain = 'month' AND slice_name = 'all'");
        return values.Single();
    }

    [Test]
    public async Task Average_resolution_time_in_calendar_and_business_hours_with_medians()
    {
        // Solved in March: T1 1 h, T2 42 h, T3 3 h (business 1, 10, 3); T4 deleted.
        AssertValue(await ValueAsync("avg_resolution_time", March), 46, 3, 46.0 / 3);
        Assert.That(await ExtraAsync("avg_resolution_time", "median_hours"), Is.EqualTo(3.0).Within(1e-9));
        Assert.That(await ExtraAsync("avg_resolution_time", "business_hours_sum"), Is.EqualTo(14.0).Within(1e-9));
        Assert.That(await ExtraAsync("avg_resolution_time", "median_business_hours"), Is.EqualTo(3.0).Within(1e-9));
        Assert.That(await ExtraAsync("avg_resolution_time", "first_resolution_hours_sum"), Is.EqualTo(23.0).Within(1e-9));
        AssertValue(await ValueAsync("avg_resolution_time", March, "team", "Tier 1"), 4, 2, 2);
    }

    [Test]
    public async Task First_reply_time_counts_tickets_with_a_reply()
    {
        // T1 30, T2 1080 (business 120), T3 20 minutes; T5 has no reply and no value.
        AssertValue(await ValueAsync("first_reply_time", March), 1130, 3, 1130.0 / 3);
        Assert.That(await ExtraAsync("first_reply_time", "median_minutes"), Is.EqualTo(30.0).Within(1e-9));
        Assert.That(await ExtraAsync("first_reply_time", "business_minutes_sum"), Is.EqualTo(170.0).Within(1e-9));
        AssertValue(await ValueAsync("first_reply_time", March, "agent", "Ben"), 1080, 1, 1080);
    }

    [Test]
    public async Task One_touch_resolution_is_solved_tickets_with_exactly_one_reply()
    {
        AssertValue(await ValueAsync("one_touch_resolution", March), 1, 3, 100.0 / 3);
        AssertValue(await ValueAsync("one_touch_resolution", March, "channel", "Email"), 1, 1, 100);
    }

    [Test]
    public async Task Reopen_rate_is_solved_tickets_solved_more_than_once()
    {
        AssertValue(await ValueAsync("reopen_rate", March), 1, 3, 100.0 / 3);
        AssertValue(await ValueAsync("reopen_rate", March, "priority", "high"), 1, 1, 100);
    }

    [Test]
    public async Task Sla_breach_rate_is_breached_tickets_over_tickets_with_a_target()
    {
        // T1, T2, T3 have targets (T5 is low priority without one); T2's first reply took 120 business minutes against 30.
        AssertValue(await ValueAsync("sla_breach_rate", March), 1, 3, 100.0 / 3);
        AssertValue(await ValueAsync("sla_breach_rate", March, "priority", "normal"), 0, 2, 0);
    }

    [Test]
    public async Task Csat_from_ratings_is_good_over_good_and_bad()
    {
        // T1 good, T2 bad, T3 good; T4's rating belongs to a deleted ticket; T5's was offered and not answered.
        AssertValue(await ValueAsync("csat", March), 2, 3, 200.0 / 3);
        AssertValue(await ValueAsync("csat", March, "team", "Tier 2"), 0, 1, 0);
    }
}
