namespace Warehouse.Kpis;

/// <summary>
/// Target and warning / critical levels of one KPI, optionally for one slice. Whether a value below or
/// above a level is a breach follows the KPI's direction in the catalogue.
/// </summary>
public sealed class KpiThreshold
{
    public string Kpi { get; set; } = "";

    public string Slice { get; set; } = "all";

    public string SliceValue { get; set; } = "All";

    public double? Target { get; set; }

    public double? Warning { get; set; }

    public double? Critical { get; set; }
}
