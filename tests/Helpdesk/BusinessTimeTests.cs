using System.Globalization;
using LinqToDB.Data;
using Warehouse.Engines;
using Warehouse.Kpis;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Helpdesk;

/// <summary>
/// Business minutes under a Monday–Friday 09:00–17:00 schedule, computed by the warehouse's SQL and
/// compared with values worked out by hand (local times in the comments; UTC in the code).
/// </summary>
public sealed class BusinessTimeTests(EngineKind engine) : EngineTest(engine)
{
    private async Task<(double Business, double Calendar)> MinutesAsync(string zone, DateTime fromUtc, DateTime toUtc, params DateOnly[] holidays)
    {
        var settings = Settings;
        settings.BusinessHours.TimeZone = zone;
        settings.Holidays = [.. holidays];
        await DeployAsync(settings);
        var d = Database.Dialect;
        string from = d.Timestamp(fromUtc), to = d.Timestamp(toUtc);
        await using var db = Database.Open();
        var business = await db.ExecuteAsync<double>($"SELECT {BusinessTime.MinutesBetween(d, from, to)}");
        var calendar = await db.ExecuteAsync<double>($"SELECT {BusinessTime.CalendarMinutesBetween(d, from, to)}");
        return (business, calendar);
    }

    private static DateTime Utc(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    [Test]
    public async Task Over_a_weekend_only_friday_evening_and_monday_morning_count()
    {
        // Fri 6 Mar 16:00 CET → Mon 9 Mar 10:00 CET: 60 + 60 business minutes; 66 h calendar.
        var (business, calendar) = await MinutesAsync("Europe/Berlin", Utc("2026-03-06T15:00:00Z"), Utc("2026-03-09T09:00:00Z"));
        Assert.That((business, calendar), Is.EqualTo((120.0, 3960.0)));
    }

    [Test]
    public async Task A_holiday_counts_nothing()
    {
        // Thu 2 Apr 16:30 CEST → Mon 6 Apr 09:30 CEST, Fri 3 Apr a holiday: 30 + 0 + 30.
        var (business, _) = await MinutesAsync("Europe/Berlin", Utc("2026-04-02T14:30:00Z"), Utc("2026-04-06T07:30:00Z"), new DateOnly(2026, 4, 3));
        Assert.That(business, Is.EqualTo(60.0));
    }

    [Test]
    public async Task Across_the_european_spring_change_monday_opens_at_nine_summer_time()
    {
        // Fri 27 Mar 16:00 CET (15:00Z) → Mon 30 Mar 10:00 CEST (08:00Z): 60 + 60; 65 h calendar (one hour lost on the 29th).
        var (business, calendar) = await MinutesAsync("Europe/Berlin", Utc("2026-03-27T15:00:00Z"), Utc("2026-03-30T08:00:00Z"));
        Assert.That((business, calendar), Is.EqualTo((120.0, 3900.0)));
    }

    [Test]
    public async Task Across_the_european_autumn_change_monday_opens_at_nine_winter_time()
    {
        // Fri 23 Oct 16:00 CEST (14:00Z) → Mon 26 Oct 10:00 CET (09:00Z): 60 + 60; 67 h calendar.
        var (business, calendar) = await MinutesAsync("Europe/Berlin", Utc("2026-10-23T14:00:00Z"), Utc("2026-10-26T09:00:00Z"));
        Assert.That((business, calendar), Is.EqualTo((120.0, 4020.0)));
    }

    [Test]
    public async Task Across_the_american_spring_change()
    {
        // Fri 6 Mar 16:00 EST (21:00Z) → Mon 9 Mar 10:00 EDT (14:00Z): 60 + 60; 65 h calendar.
        var (business, calendar) = await MinutesAsync("America/New_York", Utc("2026-03-06T21:00:00Z"), Utc("2026-03-09T14:00:00Z"));
        Assert.That((business, calendar), Is.EqualTo((120.0, 3900.0)));
    }

    [Test]
    public async Task Across_the_american_autumn_change()
    {
        // Fri 30 Oct 16:00 EDT (20:00Z) → Mon 2 Nov 10:00 EST (15:00Z): 60 + 60; 67 h calendar.
        var (business, calendar) = await MinutesAsync("America/New_York", Utc("2026-10-30T20:00:00Z"), Utc("2026-11-02T15:00:00Z"));
        Assert.That((business, calendar), Is.EqualTo((120.0, 4020.0)));
    }

    [Test]
    public async Task A_ticket_created_outside_hours_starts_counting_at_opening()
    {
        // Tue 10 Mar 20:00 CET → Wed 11 Mar 09:45 CET: 45 business minutes; 825 calendar minutes.
        var (business, calendar) = await MinutesAsync("Europe/Berlin", Utc("2026-03-10T19:00:00Z"), Utc("2026-03-11T08:45:00Z"));
        Assert.That((business, calendar), Is.EqualTo((45.0, 825.0)));
    }

    [Test]
    public async Task Seconds_are_kept_not_minute_boundaries()
    {
        // 10:00:50 → 10:01:10 UTC is 20 seconds: a third of a minute, although a minute boundary is crossed.
        var (business, calendar) = await MinutesAsync("UTC", Utc("2026-03-10T10:00:50Z"), Utc("2026-03-10T10:01:10Z"));
        Assert.That(business, Is.EqualTo(1.0 / 3).Within(1e-9));
        Assert.That(calendar, Is.EqualTo(1.0 / 3).Within(1e-9));
    }

    [Test]
    public async Task A_day_of_23_hours_is_23_hours_of_a_round_the_clock_schedule()
    {
        var settings = Settings;
        settings.BusinessHours.TimeZone = "Europe/Berlin";
        settings.BusinessHours.Weekly = Enum.GetValues<DayOfWeek>().ToDictionary(d => d, _ => "00:00-24:00");
        await DeployAsync(settings);
        var d = Database.Dialect;
        await using var db = Database.Open();

        // Sun 29 Mar 2026 local midnight (Sat 23:00Z) → Mon 30 Mar local midnight (Sun 22:00Z).
        var minutes = await db.ExecuteAsync<double>($"SELECT {BusinessTime.MinutesBetween(d, d.Timestamp(Utc("2026-03-28T23:00:00Z")), d.Timestamp(Utc("2026-03-29T22:00:00Z")))}");
        Assert.That(minutes, Is.EqualTo(23 * 60.0));
    }
}
