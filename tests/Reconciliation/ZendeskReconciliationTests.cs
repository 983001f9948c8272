using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Warehouse.Engines;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Kpis;
using static Warehouse.Tests.Fixtures.ZendeskRecords;

namespace Warehouse.Tests.Reconciliation;

/// <summary>
/// Zendesk's tickets reconciled by the search count per day: tickets 1 and 2 created on one day, 3 the next, and 4,
/// deleted, on the first: Zendesk's search does not find a deleted ticket and the warehouse does not count it.
/// Satisfaction ratings reconciled in total by the ratings count, every score counted, the unoffered one too.
/// </summary>
public sealed class ZendeskReconciliationTests(EngineKind engine) : ReconciliationTest(engine)
{
    [Test]
    public async Task Tickets_reconcile_per_day_by_the_search_count_without_the_deleted_one()
    {
        await using var desk = await ZendeskTestSource.StartAsync();
        desk.Groups.Add(Group(10, "Support"));
        desk.Users.Add(EndUser(100, "r@example.com"));
        desk.Users.Add(Agent(200, "Agent", 10));
        desk.Tickets.Add(Ticket(1, Day(1), Day(1), "open", "normal", "email", 100, 200, 10));
        desk.Tickets.Add(Ticket(2, Day(1).AddHours(5), Day(1).AddHours(5), "solved", "high", "web", 100, 200, 10));
        desk.Tickets.Add(Ticket(3, Day(2), Day(2), "new", "low", "email", 100, 200, 10));
        desk.Tickets.Add(Ticket(4, Day(1).AddHours(1), Day(3), "deleted", "normal", "email", 100, 200, 10));

        var run = await desk.RunAsync(Database, Settings);

        Assert.That(run.Reconciliation!.Reconciled, Is.True, run.Reconciliation.ToString());
        Assert.That(await CountsAsync("Zendesk", "tickets"), Is.EqualTo(new[] { $"{On(1)} 2/2", $"{On(2)} 1/1" }));
        Assert.That(desk.Server.Requests.Count(r => r.Contains("/api/v2/search/count?query=type%3Aticket%20created%3E%3D", StringComparison.Ordinal)), Is.GreaterThan(60),
            "a first check counts every day of the last DailyDays and the months before, each with its UTC bounds");
    }

    [Test]
    public async Task Ratings_reconcile_in_total_and_a_count_limited_while_it_is_refreshed_is_a_floor()
    {
        await using var desk = await ZendeskTestSource.StartAsync();
        desk.Groups.Add(Group(10, "Support"));
        desk.Users.Add(EndUser(100, "r@example.com"));
        desk.Users.Add(Agent(200, "Agent", 10));
        for (var id = 1; id <= 3; id++) desk.Tickets.Add(Ticket(id, Day(1), Day(2), "solved", "normal", "email", 100, 200, 10));
        desk.Ratings.Add(Rating(71, 1, "good", Day(2), 100, 200));
        desk.Ratings.Add(Rating(72, 2, "bad", Day(2).AddHours(1), 100, 200));
        desk.Ratings.Add(Rating(73, 3, "unoffered", Day(2).AddHours(2), 100, 200));
        var settings = Settings;
        settings.Reconciliation.RecentTolerance = 0;

        var run = await desk.RunAsync(Database, settings);

        Assert.That(run.Reconciliation!.Reconciled, Is.True, run.Reconciliation.ToString());
        Assert.That(await RatingsAsync(), Is.EqualTo(new[] { "3/3 exact True" }), "Zendesk counts every rating, the unoffered one too, and so does the warehouse");

        // Zendesk refreshing its cached count: refreshed_at null and the value limited, here to 2 of the 3. A floor the
        // warehouse is above is no difference; once the warehouse is below it, it is.
        var simulator = desk.Server.Simulator<Warehouse.Etl.Sources.Zendesk.ZendeskSimulator>();
        (simulator.RatingsCountCachedAbove, simulator.RatingsCountRefreshing) = (2, true);
        using var source = new Warehouse.Etl.Sources.Zendesk.ZendeskSource(desk.Settings);
        var reconciler = new Warehouse.Etl.Reconciliation.Reconciler(Database, settings);
        var floor = await reconciler.RunAsync(source, "floor", DateOnly.FromDateTime(Day(1)), DateOnly.FromDateTime(Day(2)), CancellationToken.None);
        await using (var db = Database.Open())
        {
            await db.ExecuteAsync("DELETE FROM dw.fact_satisfaction_rating WHERE rating_id IN ('71', '72')");
        }

        var short1 = await reconciler.RunAsync(source, "short", DateOnly.FromDateTime(Day(1)), DateOnly.FromDateTime(Day(2)), CancellationToken.None);

        Assert.That(floor.Unreconciled, Is.Empty, floor.ToString());
        Assert.That(short1.Unreconciled.Select(r => $"{r.ObjectName} {r.SourceCount}/{r.WarehouseCount} {r.CountPrecision}"), Is.EqualTo(new[] { "satisfaction_ratings 2/1 at_least" }));
        Assert.That(await RatingsAsync(), Is.EqualTo(new[] { "3/3 exact True", "2/3 at_least True", "2/1 at_least False" }));
        Assert.That(desk.Server.Requests.Count(r => r.Contains("/api/v2/satisfaction_ratings/count", StringComparison.Ordinal)), Is.EqualTo(3), "one count a check");
    }

    private async Task<string[]> RatingsAsync()
    {
        await using var db = Database.Open();
        var rows = await db.GetTable<EtlReconciliation>().Where(r => r.ObjectName == "satisfaction_ratings").OrderBy(r => r.CheckedAt)
            .Select(r => new { r.PeriodGrain, r.SourceCount, r.WarehouseCount, r.CountPrecision, r.IsReconciled }).ToListAsync();
        Assert.That(rows.Select(r => r.PeriodGrain).Distinct(), Is.EqualTo(new[] { "total" }));
        return rows.Select(r => $"{r.SourceCount}/{r.WarehouseCount} {r.CountPrecision} {r.IsReconciled}").ToArray();
    }
}
