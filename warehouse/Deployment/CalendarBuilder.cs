using System.Globalization;
using Warehouse.Schema.Dw;

namespace Warehouse.Deployment;

/// <summary>Builds the rows of the date dimension for the configured range, holidays and fiscal year.</summary>
internal static class CalendarBuilder
{
    public static int KeyOf(DateOnly date) => date.Year * 10000 + date.Month * 100 + date.Day;

    /// <summary>The day of a date key (yyyymmdd); the inverse of <see cref="KeyOf"/>.</summary>
    public static DateOnly DayOf(int key) => new(key / 10000, key / 100 % 100, key % 100);

    public static IEnumerable<DimDate> Days(WarehouseSettings settings)
    {
        var holidays = settings.Holidays.ToHashSet();
        for (var day = settings.CalendarStart; day <= settings.CalendarEnd; day = day.AddDays(1))
        {
            yield return Day(day, holidays.Contains(day), settings);
        }
    }

    /// <summary>
    /// A day's row. With <c>Warehouse:Calendar = persian</c> the fiscal year's start month counts Persian months
    /// and the Gregorian fiscal columns follow calendar years.
    /// </summary>
    public static DimDate Day(DateOnly day, bool isHoliday, WarehouseSettings settings)
    {
        var persian = settings.Calendar == CalendarKind.Persian;
        var row = Day(day, isHoliday, persian ? 1 : settings.FiscalYearStartMonth);
        return PersianDates.Fill(row, day, persian ? settings.FiscalYearStartMonth : 1);
    }

    private static DimDate Day(DateOnly day, bool isHoliday, int fiscalYearStartMonth)
    {
        var dateTime = day.ToDateTime(TimeOnly.MinValue);
        var isoDayOfWeek = ((int)day.DayOfWeek + 6) % 7 + 1; // Monday = 1 ... Sunday = 7
        var isWeekend = isoDayOfWeek >= 6;
        var fiscalMonth = (day.Month - fiscalYearStartMonth + 12) % 12 + 1;
        var fiscalYear = fiscalYearStartMonth == 1 || day.Month < fiscalYearStartMonth ? day.Year : day.Year + 1;
        return new DimDate
        {
            DateKey = KeyOf(day),
            FullDate = day,
            Year = day.Year,
            Quarter = (day.Month - 1) / 3 + 1,
            Month = day.Month,
            MonthName = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(day.Month),
            YearMonth = day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            MonthStart = new DateOnly(day.Year, day.Month, 1),
            WeekStart = day.AddDays(1 - isoDayOfWeek),
            IsoYear = ISOWeek.GetYear(dateTime),
            IsoWeek = ISOWeek.GetWeekOfYear(dateTime),
            DayOfMonth = day.Day,
            DayOfWeek = isoDayOfWeek,
            DayName = CultureInfo.InvariantCulture.DateTimeFormat.GetDayName(day.DayOfWeek),
            IsWeekend = isWeekend,
            IsHoliday = isHoliday,
            IsBusinessDay = !isWeekend && !isHoliday,
            FiscalYear = fiscalYear,
            FiscalQuarter = (fiscalMonth - 1) / 3 + 1,
            FiscalMonth = fiscalMonth,
        };
    }
}
