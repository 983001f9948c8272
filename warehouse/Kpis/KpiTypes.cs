namespace Warehouse.Kpis;

/// <summary>What a KPI's value measures.</summary>
public enum KpiUnit { Percent, Currency, Number, Ratio, Score, Hours, Minutes, Days }

/// <summary>Whether a higher or a lower value is better.</summary>
public enum KpiDirection { HigherIsBetter, LowerIsBetter }

/// <summary>The executive groups of KPIs (dashboard and scorecard sections).</summary>
public enum KpiArea { Acquisition, Engagement, Retention, Product, Employees }

/// <summary>Period lengths a KPI is reported for.</summary>
public enum KpiGrain
{
    Day,
    Week,
    Month,
    /// <summary>Solar Hijri months (Warehouse:Calendar = persian), for KPIs whose rows are dated by day.</summary>
    PersianMonth,
}
