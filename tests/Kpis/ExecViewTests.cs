using System.Globalization;
using LinqToDB.Data;
using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Kpis;
using Warehouse.Schema;

namespace Warehouse.Tests.Kpis;

/// <summary>The executive scorecard and trends, the BI layer and the customer 360, from a small hand-made star.</summary>
public sealed class ExecViewTests(EngineKind engine) : KpiTestBase(engine)
{
    // AOV, non-cancelled orders: March 2025 L 40.00 (c3); February 2026 P 60.00 (c1);
    // March 2026 A 100.00 (c1) and B 50.00 (c2) = 75.00, X 500.00 (c1) cancelled.
    // Target 120, warning below 100, critical below 50 (higher is better).
    private async Task ArrangeOrdersAsync()
    {
        await ArrangeAsync(async f =>
        {
            await f.CustomerAsync(1, "c1", "retail");
            await f.CustomerAsync(2, "c2", "vip");
            await f.CustomerAsync(3, "c3", "retail");
            await f.OrderLineAsync("L", 1, new DateTime(2025, 3, 10, 12, 0, 0), 3, 40.00m);
            await f.OrderLineAsync("P", 1, new DateTime(2026, 2, 5, 9, 0, 0), 1, 60.00m);
            await f.OrderLineAsync("A", 1, new DateTime(2026, 3, 3, 10, 0, 0), 1, 100.00m);
            await f.OrderLineAsync("B", 1, new DateTime(2026, 3, 20, 15, 0, 0), 2, 50.00m);
            await f.OrderLineAsync("X", 1, new DateTime(2026, 3, 25, 8, 0, 0), 1, 500.00m, cancelled: true);
            await f.RefreshDerivedFactsAsync(Database.Dialect, Settings);
        });
        await KpiTargets.SaveAsync(Database, [new KpiThreshold { Kpi = "aov", Target = 120, Warning = 100, Critical = 50 }]);
    }

    [Test]
    public async Task The_scorecard_row_holds_the_current_previous_and_last_year_month_with_target_and_status()
    {
        await ArrangeOrdersAsync();

        var aov = (await RowsAsync("SELECT * FROM exec.kpi_scorecard WHERE kpi_code = 'aov'")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(aov["kpi_name"], Is.EqualTo(KpiCatalogue.Find("aov").Name));
            Assert.That(aov["area"], Is.EqualTo("Engagement"));
            Assert.That(Date(aov["month_start"]), Is.EqualTo(new DateOnly(2026, 3, 1)));
            Assert.That(Number(aov["current_value"]), Is.EqualTo(75.0).Within(1e-9));
            Assert.That(Number(aov["previous_month_value"]), Is.EqualTo(60.0).Within(1e-9));
            Assert.That(Number(aov["same_month_last_year_value"]), Is.EqualTo(40.0).Within(1e-9));
            Assert.That(Number(aov["change_from_previous_month"]), Is.EqualTo(15.0).Within(1e-9));
            Assert.That(Number(aov["change_from_last_year"]), Is.EqualTo(35.0).Within(1e-9));
            Assert.That(aov["direction_of_change"], Is.EqualTo("up"));
            Assert.That(aov["change_is"], Is.EqualTo("better"));
            Assert.That(Number(aov["target_value"]), Is.EqualTo(120.0));
            Assert.That(Number(aov["warning_level"]), Is.EqualTo(100.0));
            Assert.That(Number(aov["critical_level"]), Is.EqualTo(50.0));
            Assert.That(aov["status"], Is.EqualTo("warning"));
        });

        var untargeted = (await RowsAsync("SELECT * FROM exec.kpi_scorecard WHERE kpi_code = 'new_customers'")).Single();
        Assert.That(untargeted["status"], Is.EqualTo("no target"));
    }

    [Test]
    public async Task The_trend_lists_the_months_of_the_last_thirteen_with_their_status()
    {
        await ArrangeOrdersAsync();

        var trend = (await RowsAsync("SELECT * FROM exec.kpi_trend WHERE kpi_code = 'aov' ORDER BY month_start"))
            .Select(r => (Date(r["month_start"]), Number(r["value"]), Convert.ToInt32(r["months_ago"], CultureInfo.InvariantCulture), (string)r["status"]!)).ToList();

        Assert.That(trend, Is.EqualTo(new[]
        {
            (new DateOnly(2025, 3, 1), (double?)40.0, 12, "critical"),
            (new DateOnly(2026, 2, 1), (double?)60.0, 1, "warning"),
            (new DateOnly(2026, 3, 1), (double?)75.0, 0, "warning"),
        }));
    }

    [Test]
    public async Task The_customer_360_joins_lifetime_value_last_order_and_churn_state()
    {
        await ArrangeOrdersAsync();

        var customers = (await RowsAsync("SELECT * FROM bi.customer_360 ORDER BY customer_id")).ToDictionary(r => (string)r["customer_id"]!);

        Assert.That(customers.Keys, Is.EqualTo(new[] { "c1", "c2", "c3" }));
        Assert.Multiple(() =>
        {
            // c1: P 60 + A 100 (X cancelled); last order A. c3: one order in March 2025, over 180 days before the end of March 2026.
            Assert.That(Number(customers["c1"]["lifetime_value"]), Is.EqualTo(160.0).Within(1e-9));
            Assert.That(Number(customers["c1"]["orders"]), Is.EqualTo(2));
            Assert.That(Convert.ToDateTime(customers["c1"]["last_order_at"], CultureInfo.InvariantCulture), Is.EqualTo(new DateTime(2026, 3, 3, 10, 0, 0)));
            Assert.That(customers["c1"]["churn_state"], Is.EqualTo("active"));
            Assert.That(Number(customers["c2"]["lifetime_value"]), Is.EqualTo(50.0).Within(1e-9));
            Assert.That(Number(customers["c3"]["lifetime_value"]), Is.EqualTo(40.0).Within(1e-9));
            Assert.That(customers["c3"]["churn_state"], Is.EqualTo("churned"));
            Assert.That(Number(customers["c1"]["open_tickets"]), Is.Zero);
            Assert.That(customers["c1"]["latest_nps_score"], Is.Null);
        });
    }

    [Test]
    public async Task Every_exec_and_bi_view_answers()
    {
        await ArrangeOrdersAsync();

        foreach (var view in WarehouseViews.All(Database.Dialect, Settings).Where(v => v.Schema is Areas.Exec or Areas.Bi))
        {
            var rows = await RowsAsync($"SELECT COUNT(*) AS n FROM {Database.Dialect.QualifiedName(view.Schema, view.Name)}");
            Assert.That(Number(rows[0]["n"]), Is.GreaterThanOrEqualTo(0), $"{view.Schema}.{view.Name}");
        }

        var orderLines = await RowsAsync("SELECT COUNT(*) AS n FROM bi.order_line");
        Assert.That(Number(orderLines[0]["n"]), Is.EqualTo(5));
    }

    private async Task<List<Dictionary<string, object?>>> RowsAsync(string sql)
    {
        await using var db = Database.Open();
        return await db.QueryToListAsync(r =>
        {
            var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < r.FieldCount; i++) row[r.GetName(i)] = r.IsDBNull(i) ? null : r.GetValue(i);
            return row;
        }, sql);
    }

    private static double? Number(object? value) => value is null ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    private static DateOnly Date(object? value) => value switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        _ => throw new InvalidCastException($"not a date: {value}"),
    };
}
