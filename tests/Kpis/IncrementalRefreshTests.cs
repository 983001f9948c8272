using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Transforms;
using Warehouse.Kpis;
using Warehouse.Schema.Dw;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Kpis;

/// <summary>
/// The KPI refresh rebuilds the derived facts only for what new loads touched, and that gives the same
/// rows as the whole rebuild. c1..c4 order in January–March (load 1). Load 2 adds an order for c2, cancels
/// one of c1's, moves c4's order to c3, brings a campaign session for c3 and a new version of c1.
/// c5's snapshot is tampered with before load 2: an incremental refresh leaves it, a whole rebuild mends it.
/// </summary>
public sealed class IncrementalRefreshTests(EngineKind engine) : KpiTestBase(engine)
{
    private const decimal Tampered = 999m;

    [Test]
    public async Task An_incremental_refresh_equals_the_whole_rebuild_and_touches_only_what_changed()
    {
        await ArrangeAsync(async f =>
        {
            foreach (var (key, id) in new[] { (1, "c1"), (2, "c2"), (3, "c3"), (4, "c4"), (5, "c5") }) await f.CustomerAsync(key, id, "retail");
            await f.CampaignAsync(7, "Spring");
            await f.OrderLineAsync("o1", 1, new DateTime(2026, 1, 10), 1, 10m);
            await f.OrderLineAsync("o2", 1, new DateTime(2026, 2, 5), 1, 20m, campaignKey: 7);
            await f.OrderLineAsync("o3", 1, new DateTime(2026, 1, 20), 2, 30m);
            await f.OrderLineAsync("o4", 1, new DateTime(2026, 3, 15), 3, 40m);
            await f.OrderLineAsync("o5", 1, new DateTime(2026, 2, 8), 4, 50m, campaignKey: 7);
            await f.OrderLineAsync("o6", 1, new DateTime(2026, 1, 3), 5, 60m);
            await f.SessionAsync("s0", new DateTime(2026, 3, 10), 2, goals: ["sign_up"]);
            await f.SessionAsync("s9", new DateTime(2026, 3, 11), 2, goals: ["add_to_cart"]);
        }, refreshDerivedFacts: false);
        await using var db = Database.Open();
        await StampAsync(db, await NewLoadAsync(db));
        var refresher = new KpiLayerRefresher(Database, Settings);
        await refresher.RefreshAsync(CancellationToken.None);
        Assert.That(await db.GetTable<FactCustomerMonth>().CountAsync(m => m.CustomerId == "c5"), Is.EqualTo(3), "c5: January to March");
        await db.GetTable<FactCustomerMonth>().Where(m => m.CustomerId == "c5").Set(m => m.RevenueReporting, Tampered).UpdateAsync();

        var f = new StarFixture(db);
        await f.OrderLineAsync("o7", 1, new DateTime(2026, 3, 2), 2, 70m);
        await db.GetTable<FactOrderLine>().Where(l => l.OrderId == "o2").Set(l => l.IsCancelled, true).UpdateAsync();
        await db.GetTable<FactOrderLine>().Where(l => l.OrderId == "o5").Set(l => l.CustomerKey, 3).UpdateAsync();
        await f.SessionAsync("s1", new DateTime(2026, 3, 10), 3, campaignKey: 7, customerKey: 3, goals: ["sign_up", "add_to_cart"]);
        await db.GetTable<DimCustomer>().Where(c => c.CustomerKey == 1).Set(c => c.IsCurrent, false).Set(c => c.ValidTo, new DateTime(2026, 3, 1)).UpdateAsync();
        await f.CustomerAsync(11, "c1", "vip", validFrom: new DateTime(2026, 3, 1));
        var load2 = await NewLoadAsync(db);
        await db.GetTable<FactOrderLine>().Where(l => l.OrderId == "o7" || l.OrderId == "o2" || l.OrderId == "o5").Set(l => l.LoadId, load2).UpdateAsync();
        await db.GetTable<FactWebSession>().Where(s => s.SessionId == "s1").Set(s => s.LoadId, load2).UpdateAsync();
        await db.GetTable<DimCustomer>().Where(c => c.CustomerKey == 11).Set(c => c.LoadId, load2).UpdateAsync();

        var incremental = await refresher.RefreshAsync(CancellationToken.None);
        var differences = await KpiTableCheck.DifferencesAsync(Database);
        var incrementalMonths = await TableDump.ReadAsync(Database, "dw.fact_customer_month");
        var incrementalAttribution = await TableDump.ReadAsync(Database, "dw.fact_order_attribution");
        var incrementalOrders = await TableDump.ReadAsync(Database, "dw.fact_order");
        var incrementalGoalDays = await TableDump.ReadAsync(Database, "dw.fact_goal_day");
        Assert.Multiple(async () =>
        {
            Assert.That(await db.GetTable<FactCustomerMonth>().Where(m => m.CustomerId == "c5").Select(m => m.RevenueReporting).ToListAsync(),
                Is.All.EqualTo(Tampered), "an untouched customer is left as it was");
            Assert.That(await db.GetTable<FactCustomerMonth>().Where(m => m.CustomerId == "c1").Select(m => m.CustomerKey).Distinct().ToListAsync(),
                Is.EqualTo(new[] { 11 }), "c1's months carry the new current version");
            Assert.That(await db.GetTable<FactCustomerMonth>().Where(m => m.CustomerId == "c4").CountAsync(), Is.Zero, "c4 has no orders left");
            Assert.That(await db.GetTable<FactCustomerMonth>().Where(m => m.CustomerId == "c3").SumAsync(m => m.Orders), Is.EqualTo(2), "c3 gained o5");
            Assert.That(await db.GetTable<FactOrder>().Where(o => o.OrderId == "o5" || o.OrderId == "o4").OrderBy(o => o.OrderId).Select(o => o.CustomerOrderNumber).ToListAsync(),
                Is.EqualTo(new int?[] { 2, 1 }), "c3's orders: o5 (8 February) first, o4 (15 March) second");
            Assert.That(await db.GetTable<FactOrderAttribution>().Where(a => a.OrderId == "o2").CountAsync(), Is.Zero, "a cancelled order loses its attribution");
            Assert.That(await db.GetTable<EtlLoad>().CountAsync(l => l.RefreshedAt == null), Is.Zero, "every load is stamped");
            Assert.That(await db.GetTable<FactGoalDay>().Where(g => g.DateKey == 20260310).OrderBy(g => g.GoalName)
                    .Select(g => new { g.GoalName, g.Sessions, g.CompletedSessions, g.AnyGoalSessions }).ToListAsync(),
                Is.EqualTo(new[] { new { GoalName = "add_to_cart", Sessions = 2, CompletedSessions = 1, AnyGoalSessions = 2 }, new { GoalName = "sign_up", Sessions = 2, CompletedSessions = 2, AnyGoalSessions = 2 } }),
                "10 March: s0 and the new s1 with both goals");
            Assert.That(await db.GetTable<EtlRefreshCustomer>().CountAsync(), Is.Zero, "the work tables are left empty");
            Assert.That(differences, Is.Empty, "kpi.kpi_value holds what the views compute after the incremental refresh");
            // Helpdesk, survey and the CRM KPIs on deals only read nothing load 2 wrote; those on orders, sessions and
            // customers (leads too: they read orders) start again at a period; lead conversion is computed whole.
            Assert.That((incremental.Unchanged, incremental.FromPeriod, incremental.Whole), Is.EqualTo((13, 14, 1)), incremental.ToString());
        });

        var whole = await refresher.RefreshAsync(whole: true, CancellationToken.None);
        var wholeMonths = await TableDump.ReadAsync(Database, "dw.fact_customer_month");
        var afterWhole = await KpiTableCheck.DifferencesAsync(Database);
        var afterWholeMaterialised = await KpiTableCheck.DifferencesAsync(Database, new KpiContext(Database.Dialect, Settings));
        Assert.Multiple(async () =>
        {
            Assert.That(afterWhole, Is.Empty, "kpi.kpi_value holds what the views compute after the whole refresh");
            Assert.That(afterWholeMaterialised, Is.Empty, "the views' query with its dated rows computed once gives the views' rows");
            Assert.That(whole.Whole, Is.EqualTo(KpiCatalogue.All.Count));
            Assert.That(await TableDump.ReadAsync(Database, "dw.fact_order_attribution"), Is.EqualTo(incrementalAttribution));
            Assert.That(await TableDump.ReadAsync(Database, "dw.fact_order"), Is.EqualTo(incrementalOrders));
            Assert.That(await TableDump.ReadAsync(Database, "dw.fact_goal_day"), Is.EqualTo(incrementalGoalDays));
            Assert.That(incrementalMonths.Where(m => !m.StartsWith("c5|", StringComparison.Ordinal)),
                Is.EqualTo(wholeMonths.Where(m => !m.StartsWith("c5|", StringComparison.Ordinal))));
            Assert.That(await db.GetTable<FactCustomerMonth>().Where(m => m.CustomerId == "c5").OrderBy(m => m.MonthDateKey).Select(m => m.RevenueReporting).ToListAsync(),
                Is.EqualTo(new[] { 60m, 0m, 0m }), "the whole rebuild mends the untouched customer");
        });
    }

    [Test]
    public async Task A_new_last_month_or_another_inactivity_window_rebuilds_every_customer()
    {
        await ArrangeAsync(async f =>
        {
            await f.CustomerAsync(1, "c1", "retail");
            await f.CustomerAsync(2, "c2", "retail");
            await f.OrderLineAsync("o1", 1, new DateTime(2026, 1, 10), 1, 10m);
            await f.OrderLineAsync("o2", 1, new DateTime(2026, 2, 10), 2, 20m);
        }, refreshDerivedFacts: false);
        await using var db = Database.Open();
        await StampAsync(db, await NewLoadAsync(db));
        await new KpiLayerRefresher(Database, Settings).RefreshAsync(CancellationToken.None);
        Assert.That(await db.GetTable<FactCustomerMonth>().CountAsync(m => m.CustomerId == "c1"), Is.EqualTo(2), "c1: January and February");

        await new StarFixture(db).OrderLineAsync("o3", 1, new DateTime(2026, 4, 1), 2, 30m);
        await StampAsync(db, await NewLoadAsync(db));
        await new KpiLayerRefresher(Database, Settings).RefreshAsync(CancellationToken.None);
        Assert.That(await db.GetTable<FactCustomerMonth>().CountAsync(m => m.CustomerId == "c1"), Is.EqualTo(4), "c1 reaches April, the new last month");

        var settings = Settings;
        settings.Kpis.ChurnInactivityDays = 30;
        await new KpiLayerRefresher(Database, settings).RefreshAsync(CancellationToken.None);
        var c1 = await db.GetTable<FactCustomerMonth>().Where(m => m.CustomerId == "c1").OrderBy(m => m.MonthDateKey).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(c1.Select(m => m.InactivityDays), Is.All.EqualTo(30));
            // 30 days: o1 on 10 January no longer keeps c1 active at 1 March (180 days would).
            Assert.That(c1.Select(m => m.IsActiveAtEnd), Is.EqualTo(new[] { true, false, false, false }));
        });
    }

    private static async Task<long> NewLoadAsync(LinqToDB.Data.DataConnection db) =>
        await db.InsertWithInt64IdentityAsync(new EtlLoad
        {
            Source = "test", Stream = "orders", StartedAt = DateTime.UtcNow, EndedAt = DateTime.UtcNow, Status = LoadStatus.Succeeded,
        });

    /// <summary>Makes every fact and customer row of the fixture belong to the load.</summary>
    private static async Task StampAsync(LinqToDB.Data.DataConnection db, long load)
    {
        await db.GetTable<FactOrderLine>().Where(l => l.LoadId == 0).Set(l => l.LoadId, load).UpdateAsync();
        await db.GetTable<FactWebSession>().Where(s => s.LoadId == 0).Set(s => s.LoadId, load).UpdateAsync();
        await db.GetTable<DimCustomer>().Where(c => c.LoadId == 0 && c.CustomerKey > 0).Set(c => c.LoadId, load).UpdateAsync();
    }
}
