using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Kpis;
using static Warehouse.Tests.Fixtures.ZendeskRecords;

namespace Warehouse.Tests.Reconciliation;

/// <summary>
/// Zendesk's tickets reconciled by the search count per day: tickets 1 and 2 created on one day, 3 the next, and 4,
/// deleted, on the first: Zendesk's search does not find a deleted ticket and the warehouse does not count it.
/// </summary>
public sealed class ZendeskReconciliationTests(EngineKind engine) : KpiTestBase(engine)
{
    [SetUp]
    public Task DeployFirstAsync() => DeployAsync();

    private static DateTime Day(int day) => DateTime.UtcNow.Date.AddDays(day - 11).AddHours(9);

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
        await using var db = Database.Open();
        var days = await db.GetTable<EtlReconciliation>().Where(r => r.ObjectName == "tickets" && r.PeriodGrain == "day" && r.SourceCount > 0)
            .OrderBy(r => r.PeriodStart).Select(r => new { r.PeriodStart, r.SourceCount, r.WarehouseCount }).ToListAsync();
        Assert.That(days.Select(d => $"{d.PeriodStart:yyyy-MM-dd} {d.SourceCount}/{d.WarehouseCount}"),
            Is.EqualTo(new[] { $"{DateOnly.FromDateTime(Day(1)):yyyy-MM-dd} 2/2", $"{DateOnly.FromDateTime(Day(2)):yyyy-MM-dd} 1/1" }));
        Assert.That(desk.Server.Requests.Count(r => r.Contains("/api/v2/search/count?query=type%3Aticket%20created%3E%3D", StringComparison.Ordinal)), Is.GreaterThan(60),
            "a first check counts every day of the last DailyDays and the months before, each with its UTC bounds");
    }
}
