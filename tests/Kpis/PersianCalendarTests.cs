using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Warehouse.Engines;
using Warehouse.Schema.Dw;

namespace Warehouse.Tests.Kpis;

/// <summary>
/// The Solar Hijri columns of dw.dim_date against dates checked by hand (Nowruz falls on the day of the March
/// equinox when it comes before noon in Tehran, else the day after; 1403 is a leap year, so Esfand 1403 has
/// 30 days), and the persian_month grain against the days it is made of.
/// </summary>
public sealed class PersianCalendarTests(EngineKind engine) : KpiTestBase(engine)
{
    private static WarehouseSettings Persian(int fiscalYearStartMonth = 1) => new()
    {
        CalendarStart = new DateOnly(2023, 1, 1), CalendarEnd = new DateOnly(2026, 12, 31), Calendar = CalendarKind.Persian, FiscalYearStartMonth = fiscalYearStartMonth,
    };

    // Gregorian day → Persian year, month, day, and the Gregorian first day of that Persian month.
    [TestCase("2023-03-21", 1402, 1, 1, "2023-03-21", "فروردین")] // Nowruz 1402: equinox 00:54 on 21 March, Tehran time
    [TestCase("2023-12-22", 1402, 10, 1, "2023-12-22", "دی")]
    [TestCase("2024-03-19", 1402, 12, 29, "2024-02-20", "اسفند")] // 1402 is not leap: Esfand ends on the 29th
    [TestCase("2024-03-20", 1403, 1, 1, "2024-03-20", "فروردین")] // Nowruz 1403: equinox 06:36, before noon
    [TestCase("2024-09-22", 1403, 7, 1, "2024-09-22", "مهر")]
    [TestCase("2025-02-10", 1403, 11, 22, "2025-01-20", "بهمن")] // 22 Bahman, the revolution's anniversary
    [TestCase("2025-03-20", 1403, 12, 30, "2025-02-19", "اسفند")] // the leap day of 1403
    [TestCase("2025-03-21", 1404, 1, 1, "2025-03-21", "فروردین")] // Nowruz 1404: equinox 12:31, after noon
    public async Task Dim_date_holds_the_solar_hijri_date(string gregorian, int year, int month, int day, string monthStart, string monthName)
    {
        await DeployAsync(Persian());

        var row = await DayAsync(DateOnly.Parse(gregorian, System.Globalization.CultureInfo.InvariantCulture));

        Assert.That((row.PersianYear, row.PersianMonth, row.PersianDay, row.PersianMonthStart, row.PersianMonthName),
            Is.EqualTo(((int?)year, (int?)month, (int?)day, (DateOnly?)DateOnly.Parse(monthStart, System.Globalization.CultureInfo.InvariantCulture), monthName)));
    }

    [Test]
    public async Task The_fiscal_year_starts_at_the_configured_persian_month_and_the_gregorian_one_follows_calendar_years()
    {
        // Fiscal years from Mehr (month 7), named by the Persian year they end in.
        await DeployAsync(Persian(fiscalYearStartMonth: 7));

        var lastOfShahrivar = await DayAsync(new DateOnly(2024, 9, 21));
        var firstOfMehr = await DayAsync(new DateOnly(2024, 9, 22));

        Assert.That((lastOfShahrivar.PersianFiscalYear, firstOfMehr.PersianFiscalYear), Is.EqualTo(((int?)1403, (int?)1404)));
        Assert.That((firstOfMehr.FiscalYear, firstOfMehr.FiscalMonth), Is.EqualTo((2024, 9)), "Gregorian fiscal columns: calendar years");
    }

    [Test]
    public async Task A_calendar_without_the_persian_columns_gets_them_at_the_next_init()
    {
        await DeployAsync(Persian());
        await using (var db = Database.Open())
        {
            await db.ExecuteAsync("UPDATE dw.dim_date SET persian_year = NULL, persian_month = NULL, persian_day = NULL, persian_month_start = NULL, persian_fiscal_year = NULL");
        }

        await DeployAsync(Persian());

        var nowruz = await DayAsync(new DateOnly(2025, 3, 21));
        Assert.That((nowruz.PersianYear, nowruz.PersianMonth, nowruz.PersianDay), Is.EqualTo(((int?)1404, (int?)1, (int?)1)));
        await using var check = Database.Open();
        Assert.That(await check.GetTable<DimDate>().CountAsync(d => d.PersianYear == null), Is.Zero);
        Assert.That(await check.GetTable<DimDate>().CountAsync(d => d.DateKey > 0), Is.EqualTo(new DateOnly(2026, 12, 31).DayNumber - new DateOnly(2023, 1, 1).DayNumber + 1));
    }

    [Test]
    public async Task A_kpi_at_persian_month_grain_equals_the_sum_of_its_days()
    {
        // Bahman 1404 runs from 21 January to 19 February 2026. Orders of 80.00 (1 Bahman), 30.00 and 50.00 (the
        // last day) are in it; 40.00 on 30 Dey and 70.00 on 1 Esfand are not. AOV = 160 / 3.
        await ArrangeAsync(async f =>
        {
            await f.CustomerAsync(1, "c1", "retail");
            await f.OrderLineAsync("D30", 1, new DateTime(2026, 1, 20, 12, 0, 0), 1, 40.00m);
            await f.OrderLineAsync("B01", 1, new DateTime(2026, 1, 21, 12, 0, 0), 1, 80.00m);
            await f.OrderLineAsync("B16", 1, new DateTime(2026, 2, 5, 12, 0, 0), 1, 30.00m);
            await f.OrderLineAsync("B30", 1, new DateTime(2026, 2, 19, 12, 0, 0), 1, 50.00m);
            await f.OrderLineAsync("E01", 1, new DateTime(2026, 2, 20, 12, 0, 0), 1, 70.00m);
        }, settings: Persian());

        var bahman = await ValueAsync("aov", new DateOnly(2026, 1, 21), grain: "persian_month");
        AssertValue(bahman, 160.00, 3, 160.00 / 3);

        var days = (await Warehouse.Kpis.KpiReader.ReadAsync(Database, "day", Warehouse.Kpis.KpiSlice.AllCode, "aov"))
            .Where(v => v.PeriodStart >= new DateOnly(2026, 1, 21) && v.PeriodStart < new DateOnly(2026, 2, 20)).ToList();
        Assert.That((days.Sum(d => d.Numerator), days.Sum(d => d.Denominator)), Is.EqualTo((bahman.Numerator, bahman.Denominator)));
        var esfand = await ValueAsync("aov", new DateOnly(2026, 2, 20), grain: "persian_month");
        AssertValue(esfand, 70.00, 1, 70.00);
    }

    [Test]
    public async Task The_kpi_command_prints_persian_months()
    {
        var settings = Persian();
        await ArrangeAsync(async f =>
        {
            await f.CustomerAsync(1, "c1", "retail");
            await f.OrderLineAsync("B01", 1, new DateTime(2026, 1, 21, 12, 0, 0), 1, 80.00m);
            await f.OrderLineAsync("B30", 1, new DateTime(2026, 2, 19, 12, 0, 0), 1, 40.00m);
        }, settings: settings);
        var folder = Path.Combine(Path.GetTempPath(), "persian-cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var cli = new Fixtures.WarehouseCli(folder, new Dictionary<string, string>
            {
                ["Warehouse__Engine"] = Engine.ToString(), ["ConnectionStrings__Warehouse"] = Database.ConnectionString,
                ["Warehouse__Calendar"] = "persian", ["Warehouse__CalendarStart"] = "2023-01-01", ["Warehouse__CalendarEnd"] = "2026-12-31",
            });

            var result = await cli.RunAsync("kpi", "--grain", "persian_month", "--format", "json");

            Assert.That(result.ExitCode, Is.Zero, result.Stderr);
            // One object per line; AOV of Bahman 1404 (from 21 January 2026): (80 + 40) / 2.
            var aov = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
                .Single(v => v.GetProperty("code").GetString() == "aov" && v.GetProperty("slice").TryGetProperty("all", out _));
            Assert.That((aov.GetProperty("grain").GetString(), aov.GetProperty("period").GetString(), aov.GetProperty("value").GetDouble()),
                Is.EqualTo(("persian_month", "2026-01-21", 60.0)));

            var table = await cli.RunAsync("kpi", "--grain", "persian_month");
            Assert.That(table.ExitCode, Is.Zero, table.Stderr);
            var line = table.Stdout.Split('\n').Single(l => l.StartsWith("aov ", StringComparison.Ordinal));
            Assert.That(line, Does.Contain("1404-11 (from 2026-01-21)"), "the table names the Solar Hijri month (Bahman 1404)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Without_the_persian_calendar_there_is_no_persian_month_grain()
    {
        await ArrangeAsync(async f =>
        {
            await f.CustomerAsync(1, "c1", "retail");
            await f.OrderLineAsync("B01", 1, new DateTime(2026, 1, 21, 12, 0, 0), 1, 80.00m);
        });

        Assert.That(await Warehouse.Kpis.KpiReader.ReadAsync(Database, "persian_month", Warehouse.Kpis.KpiSlice.AllCode, "aov"), Is.Empty);
    }

    private async Task<DimDate> DayAsync(DateOnly day)
    {
        await using var db = Database.Open();
        return await db.GetTable<DimDate>().SingleAsync(d => d.FullDate == day);
    }
}
