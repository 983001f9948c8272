namespace Warehouse.Schema;

/// <summary>The database schemas ("areas") the warehouse is organised in, on every engine.</summary>
public static class Areas
{
    /// <summary>Landing: source records as extracted, one table per source stream.</summary>
    public const string Stg = "stg";

    /// <summary>Dimensions and facts of the star schema.</summary>
    public const string Dw = "dw";

    /// <summary>One view per KPI, and the KPI catalogue.</summary>
    public const string Kpi = "kpi";

    /// <summary>Views for executives: the scorecard, monthly trends, follow-up lists.</summary>
    public const string Exec = "exec";

    /// <summary>The star under friendly, stable names for Power BI and Excel, and the customer 360.</summary>
    public const string Bi = "bi";

    /// <summary>Control: loads, cursors, quarantine, alerts, schema version.</summary>
    public const string Etl = "etl";

    public static readonly IReadOnlyList<string> All = [Etl, Stg, Dw, Kpi, Exec, Bi];
}
