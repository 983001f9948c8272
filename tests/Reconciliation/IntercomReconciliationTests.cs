using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Warehouse.Engines;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Kpis;
using static Warehouse.Tests.Fixtures.IntercomRecords;

namespace Warehouse.Tests.Reconciliation;

/// <summary>
/// Intercom's conversations reconciled per day by the search's total_count. Conversations 1 and 2 on day 1, 3 at the
/// last second of day 1 and 4 at the first second of day 2: Intercom's <c>&gt;</c> and <c>&lt;</c> are "or equal", so
/// each day is asked from its first second to its last, and neither edge is counted twice or lost.
/// </summary>
public sealed class IntercomReconciliationTests(EngineKind engine) : ReconciliationTest(engine)
{
    [Test]
    public async Task Conversations_reconcile_per_day_by_the_search_total_with_both_edges_of_a_day_in_their_own_day()
    {
        var settings = Settings;
        var dayTwo = settings.StartOfDayUtc(DateOnly.FromDateTime(Day(2)));
        await using var desk = await IntercomTestSource.StartAsync();
        desk.Teams.Add(Team(5, "Support"));
        desk.Admins.Add(Admin(7, "Ann", 5));
        desk.Contacts.Add(Contact("c1", "user", "c1@example.com", Day(1)));
        desk.Conversations.Add(Conversation(1, Day(1), Day(1), "open", "c1", 7, 5, []));
        desk.Conversations.Add(Conversation(2, Day(1).AddHours(3), Day(1).AddHours(3), "open", "c1", 7, 5, []));
        desk.Conversations.Add(Conversation(3, dayTwo.AddSeconds(-1), dayTwo, "open", "c1", 7, 5, []));
        desk.Conversations.Add(Conversation(4, dayTwo, dayTwo, "open", "c1", 7, 5, []));

        var run = await desk.RunAsync(Database, settings);

        Assert.That(run.Reconciliation!.Reconciled, Is.True, run.Reconciliation.ToString());
        Assert.That(await CountsAsync("Intercom", "conversations"), Is.EqualTo(new[] { $"{On(1)} 3/3", $"{On(2)} 1/1" }));
        Assert.That(desk.Server.Requests.Count(r => r.Contains("/conversations/search", StringComparison.Ordinal)), Is.GreaterThan(60),
            "a first check counts every day of the last DailyDays and the months before");

        // A conversation Intercom counts but the warehouse lost: day 1 is one short.
        await using (var db = Database.Open())
        {
            await db.ExecuteAsync("DELETE FROM dw.fact_ticket WHERE ticket_id = 'intercom:2'");
        }

        desk.Settings.BaseUrl = desk.Server.BaseAddress.ToString();
        using var source = new Warehouse.Etl.Sources.Intercom.IntercomSource(desk.Settings);
        var again = await new Warehouse.Etl.Reconciliation.Reconciler(Database, settings).RunAsync(source, "recheck",
            DateOnly.FromDateTime(Day(1)), DateOnly.FromDateTime(Day(2)), CancellationToken.None);
        Assert.That(again.Unreconciled.Select(r => $"{r.ObjectName} {r.PeriodStart:yyyy-MM-dd} {r.SourceCount}/{r.WarehouseCount}"), Is.EqualTo(new[] { $"conversations {On(1)} 3/2" }));
    }
}
