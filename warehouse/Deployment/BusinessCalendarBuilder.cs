using Warehouse.Schema.Dw;

namespace Warehouse.Deployment;

/// <summary>
/// Turns the weekly opening hours, the time zone and the holidays into UTC intervals over the calendar
/// range. Local times are converted day by day, so an interval after a daylight-saving change has the
/// right UTC offset; a day of 23 or 25 hours gives an interval of that length.
/// </summary>
internal static class BusinessCalendarBuilder
{
    public static List<BusinessInterval> Intervals(WarehouseSettings settings)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.BusinessHours.TimeZone);
        var holidays = settings.Holidays.ToHashSet();
        var opening = settings.BusinessHours.Weekly.ToDictionary(d => d.Key, d => BusinessHoursSettings.Ranges(d.Key, d.Value));
        var intervals = new List<BusinessInterval>();
        for (var day = settings.CalendarStart; day <= settings.CalendarEnd; day = day.AddDays(1))
        {
            if (holidays.Contains(day) || !opening.TryGetValue(day.DayOfWeek, out var ranges)) continue;
            var midnight = day.ToDateTime(TimeOnly.MinValue);
            foreach (var (open, close) in ranges)
            {
                var start = ToUtc(midnight + open, zone);
                var end = ToUtc(midnight + close, zone);
                if (end > start) intervals.Add(new BusinessInterval { IntervalStart = start, IntervalEnd = end, DateKey = CalendarBuilder.KeyOf(day) });
            }
        }

        long before = 0;
        for (var i = 0; i < intervals.Count; i++)
        {
            intervals[i].SecondsBefore = before;
            intervals[i].NextStart = i + 1 < intervals.Count ? intervals[i + 1].IntervalStart : new DateTime(9999, 12, 31);
            before += (long)(intervals[i].IntervalEnd - intervals[i].IntervalStart).TotalSeconds;
        }

        return intervals;
    }

    // A local time inside a spring-forward gap does not exist: it is taken as the first valid time after it.
    internal static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
