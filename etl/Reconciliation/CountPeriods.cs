namespace Warehouse.Etl.Reconciliation;

/// <summary>
/// The periods a check counts: a day within <see cref="ReconciliationSettings.DailyDays"/> of today (and the rest of
/// its month), a month before that (one request for a month of old history), each with its bounds in UTC from the reporting time zone.
/// </summary>
public sealed class CountPeriods(WarehouseSettings settings, DateOnly today)
{
    public DateOnly Today { get; } = today;

    public static DateOnly TodayIn(WarehouseSettings settings) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, settings.ReportingZone));

    /// <summary>The whole account, as of the check.</summary>
    public CountPeriod Total => new(Today, Today, "total", DateTime.MinValue, DateTime.MaxValue);

    /// <summary>The period a day is counted in.</summary>
    public CountPeriod Of(DateOnly day)
    {
        // A month is one count only when all of it is older than DailyDays; the days of a month that is partly recent are counted by day.
        var first = new DateOnly(day.Year, day.Month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        return Today.DayNumber - last.DayNumber < settings.Reconciliation.DailyDays ? Between(day, day, "day") : Between(first, last, "month");
    }

    /// <summary>Every period from <paramref name="first"/> to <paramref name="last"/>, oldest first (months cut to the range).</summary>
    public IEnumerable<CountPeriod> Covering(DateOnly first, DateOnly last)
    {
        for (var day = first; day <= last;)
        {
            var period = Of(day);
            if (period.First < first || period.Last > last)
            {
                period = Between(period.First < first ? first : period.First, period.Last > last ? last : period.Last, period.Grain);
            }

            yield return period;
            day = period.Last.AddDays(1);
        }
    }

    /// <summary>A period's allowed difference: today and yesterday are still being written.</summary>
    public long ToleranceOf(CountPeriod period) =>
        period.Grain == "total" || period.Last >= Today.AddDays(-1) ? settings.Reconciliation.RecentTolerance : settings.Reconciliation.Tolerance;

    private CountPeriod Between(DateOnly first, DateOnly last, string grain) =>
        new(first, last, grain, settings.StartOfDayUtc(first), settings.StartOfDayUtc(last.AddDays(1)));
}
