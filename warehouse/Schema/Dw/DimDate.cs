using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Calendar and fiscal attributes of each day in the configured range.</summary>
[Table(Schema = Areas.Dw, Name = "dim_date")]
public sealed class DimDate
{
    [Column("date_key", CanBeNull = false), PrimaryKey]
    public int DateKey { get; set; }

    [Column("full_date", CanBeNull = false)]
    public DateOnly FullDate { get; set; }

    [Column("year", CanBeNull = false)]
    public int Year { get; set; }

    [Column("quarter", CanBeNull = false)]
    public int Quarter { get; set; }

    [Column("month", CanBeNull = false)]
    public int Month { get; set; }

    [Column("month_name", Length = 10, CanBeNull = false)]
    public string MonthName { get; set; } = "";

    [Column("year_month", Length = 7, CanBeNull = false)]
    public string YearMonth { get; set; } = "";

    [Column("month_start", CanBeNull = false)]
    public DateOnly MonthStart { get; set; }

    [Column("week_start", CanBeNull = false)]
    public DateOnly WeekStart { get; set; }

    [Column("iso_year", CanBeNull = false)]
    public int IsoYear { get; set; }

    [Column("iso_week", CanBeNull = false)]
    public int IsoWeek { get; set; }

    [Column("day_of_month", CanBeNull = false)]
    public int DayOfMonth { get; set; }

    [Column("day_of_week", CanBeNull = false)]
    public int DayOfWeek { get; set; }

    [Column("day_name", Length = 10, CanBeNull = false)]
    public string DayName { get; set; } = "";

    [Column("is_weekend", CanBeNull = false)]
    public bool IsWeekend { get; set; }

    [Column("is_holiday", CanBeNull = false)]
    public bool IsHoliday { get; set; }

    [Column("is_business_day", CanBeNull = false)]
    public bool IsBusinessDay { get; set; }

    [Column("fiscal_year", CanBeNull = false)]
    public int FiscalYear { get; set; }

    [Column("fiscal_quarter", CanBeNull = false)]
    public int FiscalQuarter { get; set; }

    [Column("fiscal_month", CanBeNull = false)]
    public int FiscalMonth { get; set; }

    // The Solar Hijri (Persian) calendar, computed with .NET's PersianCalendar. Nullable so that an existing
    // calendar can take the columns; init fills them.
    [Column("persian_year", CanBeNull = true)]
    public int? PersianYear { get; set; }

    [Column("persian_month", CanBeNull = true)]
    public int? PersianMonth { get; set; }

    [Column("persian_month_name", Length = 20, CanBeNull = true)]
    public string? PersianMonthName { get; set; }

    [Column("persian_day", CanBeNull = true)]
    public int? PersianDay { get; set; }

    /// <summary>The Gregorian date of the first day of the Persian month: the period start of the persian_month grain.</summary>
    [Column("persian_month_start", CanBeNull = true)]
    public DateOnly? PersianMonthStart { get; set; }

    /// <summary>The fiscal year in the Persian calendar, named by the Persian year it ends in.</summary>
    [Column("persian_fiscal_year", CanBeNull = true)]
    public int? PersianFiscalYear { get; set; }
}
