using Warehouse.Kpis;

namespace Warehouse.Jobs.Alerts;

/// <summary>KPI thresholds and where alerts go (section <c>Alerts</c>).</summary>
public sealed class AlertSettings
{
    /// <summary>Receives a JSON POST per new alert; empty: alerts are stored and logged only.</summary>
    public string? WebhookUrl { get; set; }

    public List<KpiThreshold> Thresholds { get; set; } = [];
}
