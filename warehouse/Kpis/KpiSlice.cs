namespace Warehouse.Kpis;

/// <summary>
/// A dimension a KPI can be cut by. <see cref="Column"/> names the column the KPI's base query
/// exposes for it; every KPI that offers a slice exposes it under the same name.
/// </summary>
public sealed record KpiSlice(string Code, string Column)
{
    public static readonly KpiSlice Channel = new("channel", "channel");
    public static readonly KpiSlice Segment = new("segment", "segment");
    public static readonly KpiSlice Region = new("region", "region");
    public static readonly KpiSlice Product = new("product", "product");
    public static readonly KpiSlice Category = new("category", "category");
    public static readonly KpiSlice Campaign = new("campaign", "campaign");
    public static readonly KpiSlice LeadSource = new("lead_source", "lead_source");
    public static readonly KpiSlice Agent = new("agent", "agent");
    public static readonly KpiSlice Team = new("team", "team");
    public static readonly KpiSlice Priority = new("priority", "priority");
    public static readonly KpiSlice SurveyType = new("survey_type", "survey_type");
    /// <summary>NPS: relational (relationship surveys) or transactional (after a purchase or a ticket), reported apart.</summary>
    public static readonly KpiSlice SurveyKind = new("survey_kind", "survey_kind");
    public static readonly KpiSlice Touchpoint = new("touchpoint", "touchpoint");
    public static readonly KpiSlice Goal = new("goal", "goal");
    public static readonly KpiSlice Department = new("department", "department");
    public static readonly KpiSlice Location = new("location", "location");
    /// <summary>The source instance (store, helpdesk, CRM portal, drop folder) a KPI's facts came from, where they come from one source.</summary>
    public static readonly KpiSlice Instance = new("instance", "instance");

    /// <summary>Code of the row that aggregates over every slice value.</summary>
    public const string AllCode = "all";
    public const string AllValue = "All";
}
