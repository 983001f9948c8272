using System.Globalization;
using Warehouse.Schema.Dw;

namespace Warehouse.Deployment;

/// <summary>
/// The Solar Hijri columns of a day, from .NET's <see cref="PersianCalendar"/>: the year starts at Nowruz
/// (1 Farvardin, the March equinox), months 1-6 have 31 days, 7-11 have 30, Esfand 29 or 30 in a leap year.
/// </summary>
public static class PersianDates
{
    private static readonly PersianCalendar Calendar = new();

    /// <summary>The month names as Iran writes them (fixed here rather than taken from the machine's ICU data).</summary>
    public static readonly IReadOnlyList<string> MonthNames =
        ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];

    /// <summary>Fills the Persian columns of <paramref name="row"/>; <paramref name="fiscalYearStartMonth"/> is a Persian month (1 = Farvardin).</summary>
    public static DimDate Fill(DimDate row, DateOnly day, int fiscalYearStartMonth)
    {
        var at = day.ToDateTime(TimeOnly.MinValue);
        var year = Calendar.GetYear(at);
        var month = Calendar.GetMonth(at);
        var dayOfMonth = Calendar.GetDayOfMonth(at);
        row.PersianYear = year;
        row.PersianMonth = month;
        row.PersianMonthName = MonthNames[month - 1];
        row.PersianDay = dayOfMonth;
        row.PersianMonthStart = day.AddDays(1 - dayOfMonth);
        row.PersianFiscalYear = fiscalYearStartMonth == 1 || month < fiscalYearStartMonth ? year : year + 1;
        return row;
    }
}
