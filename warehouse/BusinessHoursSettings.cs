namespace Warehouse;

/// <summary>
/// The support schedule business durations are measured in (section <c>Warehouse:BusinessHours</c>):
/// opening hours per weekday in a time zone; <c>Warehouse:Holidays</c> are closed. See docs/kpis.md.
/// </summary>
public sealed class BusinessHoursSettings
{
    /// <summary>IANA time zone of the opening hours.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Opening hours per day ("09:00-17:00", several separated by commas; "00:00-24:00" for the whole day).</summary>
    public Dictionary<DayOfWeek, string> Weekly { get; set; } = new()
    {
        [DayOfWeek.Monday] = "09:00-17:00",
        [DayOfWeek.Tuesday] = "09:00-17:00",
        [DayOfWeek.Wednesday] = "09:00-17:00",
        [DayOfWeek.Thursday] = "09:00-17:00",
        [DayOfWeek.Friday] = "09:00-17:00",
    };

    public void Validate()
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            throw new InvalidOperationException($"Warehouse:BusinessHours:TimeZone '{TimeZone}' is not a known time zone (use an IANA name such as America/New_York).");
        }

        foreach (var (day, hours) in Weekly) _ = Ranges(day, hours);
    }

    /// <summary>The opening ranges of a day, as offsets from local midnight.</summary>
    public static IReadOnlyList<(TimeSpan Open, TimeSpan Close)> Ranges(DayOfWeek day, string hours)
    {
        var ranges = new List<(TimeSpan, TimeSpan)>();
        foreach (var part in hours.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length != 2 || !TryTime(ends[0], out var open) || !TryTime(ends[1], out var close) || close <= open)
            {
                throw new InvalidOperationException($"Warehouse:BusinessHours:Weekly:{day} has '{part}'; write opening hours as HH:mm-HH:mm.");
            }

            ranges.Add((open, close));
        }

        return ranges;
    }

    private static bool TryTime(string text, out TimeSpan time)
    {
        if (text == "24:00") { time = TimeSpan.FromHours(24); return true; }
        return TimeSpan.TryParseExact(text, @"hh\:mm", System.Globalization.CultureInfo.InvariantCulture, out time);
    }
}
