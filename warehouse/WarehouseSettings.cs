namespace Warehouse;

/// <summary>The calendars a warehouse reports in.</summary>
public enum CalendarKind
{
    Gregorian,
    /// <summary>Solar Hijri, the official calendar of Iran and Afghanistan.</summary>
    Persian,
}

/// <summary>
/// Settings that shape the warehouse itself (configuration section <c>Warehouse</c>).
/// KPI settings are rendered into the KPI views, so a change takes effect at the next <c>init</c>.
/// </summary>
public sealed class WarehouseSettings
{
    public const string Section = "Warehouse";

    /// <summary>Engine: DuckDb (default), PostgreSql or SqlServer.</summary>
    public Engines.EngineKind Engine { get; set; } = Engines.EngineKind.DuckDb;

    /// <summary>Currency every money KPI is reported in.</summary>
    public string ReportingCurrency { get; set; } = "USD";

    /// <summary>Rate of one unit of each currency in the reporting currency.</summary>
    public Dictionary<string, decimal> CurrencyRates { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["USD"] = 1m, ["EUR"] = 1.08m, ["GBP"] = 1.27m, ["CAD"] = 0.73m, ["AUD"] = 0.66m,
    };

    /// <summary>IANA time zone in which periods are cut (timestamps are stored in UTC).</summary>
    public string ReportingTimeZone { get; set; } = "UTC";

    /// <summary>Days the date dimension holds.</summary>
    public DateOnly CalendarStart { get; set; } = new(2020, 1, 1);

    public DateOnly CalendarEnd { get; set; } = new(2030, 12, 31);

    /// <summary>Month (1-12) in which the fiscal year starts; fiscal years are named by the calendar year they end in.</summary>
    public int FiscalYearStartMonth { get; set; } = 1;

    /// <summary>
    /// The calendar periods are reported in besides the Gregorian one: with <c>Persian</c>, KPIs also have the grain
    /// persian_month and <see cref="FiscalYearStartMonth"/> counts Persian months (1 = Farvardin).
    /// </summary>
    public CalendarKind Calendar { get; set; } = CalendarKind.Gregorian;

    /// <summary>Public holidays: not business days.</summary>
    public List<DateOnly> Holidays { get; set; } = [];

    /// <summary>Keep the plain e-mail address in dim_customer; off by default (only the hash is stored).</summary>
    public bool StoreEmail { get; set; }

    /// <summary>Quarantined records older than this many days are deleted at the next landing; 0 keeps them.</summary>
    public int QuarantineRetentionDays { get; set; } = 90;

    /// <summary>Keep the customer's name (Shopify first and last name) in dim_customer; off by default, like the plain e-mail.</summary>
    public bool StoreCustomerName { get; set; }

    public BusinessHoursSettings BusinessHours { get; set; } = new();

    public KpiSettings Kpis { get; set; } = new();

    /// <summary>The check of what the warehouse holds against the sources' own counts after each run.</summary>
    public ReconciliationSettings Reconciliation { get; set; } = new();

    /// <summary>The reporting time zone: a day's bounds in UTC are its local midnights.</summary>
    public TimeZoneInfo ReportingZone => reportingZone ??= TimeZoneInfo.FindSystemTimeZoneById(ReportingTimeZone);

    public void Validate()
    {
        if (CalendarEnd < CalendarStart) throw new InvalidOperationException("Warehouse:CalendarEnd must not be before Warehouse:CalendarStart.");
        if (QuarantineRetentionDays < 0) throw new InvalidOperationException("Warehouse:QuarantineRetentionDays must be 0 (keep) or a number of days.");
        if (FiscalYearStartMonth is < 1 or > 12) throw new InvalidOperationException("Warehouse:FiscalYearStartMonth must be 1 to 12.");
        if (!CurrencyRates.ContainsKey(ReportingCurrency)) throw new InvalidOperationException($"Warehouse:CurrencyRates has no rate for the reporting currency {ReportingCurrency}.");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(ReportingTimeZone, out _))
        {
            throw new InvalidOperationException($"Warehouse:ReportingTimeZone '{ReportingTimeZone}' is not a known time zone (use an IANA name such as Europe/Berlin).");
        }

        BusinessHours.Validate();
        Kpis.Validate();
        Reconciliation.Validate();
    }

    /// <summary>These settings with the calendar widened to cover <paramref name="first"/> … <paramref name="last"/>.</summary>
    public WarehouseSettings CoveringCalendar(DateOnly first, DateOnly last)
    {
        var copy = (WarehouseSettings)MemberwiseClone();
        copy.CalendarStart = first < CalendarStart ? first : CalendarStart;
        copy.CalendarEnd = last > CalendarEnd ? last : CalendarEnd;
        return copy;
    }

    /// <summary>The date key (yyyymmdd) of a UTC timestamp in the reporting time zone.</summary>
    public int DateKeyOf(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), ReportingZone);
        return local.Year * 10000 + local.Month * 100 + local.Day;
    }

    /// <summary>The instant (UTC) a day of the reporting time zone starts (a skipped midnight: its first valid time).</summary>
    public DateTime StartOfDayUtc(DateOnly day) => Deployment.BusinessCalendarBuilder.ToUtc(day.ToDateTime(TimeOnly.MinValue), ReportingZone);

    private TimeZoneInfo? reportingZone;
}

/// <summary>The configurable windows and thresholds of the KPI definitions (section <c>Warehouse:Kpis</c>).</summary>
public sealed class KpiSettings
{
    /// <summary>A checkout not completed within this many hours is abandoned.</summary>
    public int CartGraceHours { get; set; } = 24;

    /// <summary>A shop customer with no order for this many days is churned.</summary>
    public int ChurnInactivityDays { get; set; } = 180;

    /// <summary>Cap on the expected lifetime used by predictive CLV.</summary>
    public double ClvMaxLifetimeYears { get; set; } = 10;

    public double GrossMargin { get; set; } = 1.0;

    /// <summary>Below this many answers an NPS is flagged as a low sample.</summary>
    public int NpsLowSampleSize { get; set; } = 30;

    /// <summary>eNPS groups with fewer answers are suppressed.</summary>
    public int EnpsMinGroupSize { get; set; } = 5;

    public int AttributionLookbackDays { get; set; } = 30;

    /// <summary>How many days back exec.follow_up lists detractors and unsatisfied answers.</summary>
    public int FollowUpDays { get; set; } = 30;

    public void Validate()
    {
        if (CartGraceHours <= 0) throw new InvalidOperationException("Warehouse:Kpis:CartGraceHours must be positive.");
        if (ChurnInactivityDays <= 0) throw new InvalidOperationException("Warehouse:Kpis:ChurnInactivityDays must be positive.");
        if (ClvMaxLifetimeYears <= 0) throw new InvalidOperationException("Warehouse:Kpis:ClvMaxLifetimeYears must be positive.");
    }
}
