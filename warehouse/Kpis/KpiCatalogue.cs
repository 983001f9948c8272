using Warehouse.Deployment;
using Warehouse.Schema;

namespace Warehouse.Kpis;

/// <summary>
/// Every KPI the warehouse computes, and the views that define them: one view per KPI and
/// <c>kpi.kpi_catalogue</c> (their definitions). The KPI refresh writes what the views compute to the table
/// <c>kpi.kpi_value</c>, which every reader reads.
/// </summary>
public static class KpiCatalogue
{
    public static IReadOnlyList<KpiDefinition> All { get; } = [.. AcquisitionKpis.All, .. EngagementKpis.All, .. RetentionKpis.All, SurveyKpis.Pmf, SurveyKpis.Enps];

    public static KpiDefinition Find(string code) =>
        All.FirstOrDefault(k => k.Code == code) ?? throw new KeyNotFoundException($"No KPI with code '{code}' in the catalogue.");

    public static IEnumerable<ViewDefinition> Views(KpiContext context)
    {
        foreach (var kpi in All)
        {
            yield return new ViewDefinition(Areas.Kpi, kpi.ViewName, KpiViewRenderer.Render(kpi, context));
        }

        yield return new ViewDefinition(Areas.Kpi, "kpi_catalogue", CatalogueBody(context));
    }

    /// <summary>The languages besides English whose KPI names and descriptions the catalogue carries (kpi_name_ru, description_fa, ...), for BI tools.</summary>
    public static IReadOnlyList<string> TranslatedLanguages { get; } = [.. Text.KpiText.Languages.Skip(1)];

    private static string CatalogueBody(KpiContext context)
    {
        var d = context.Dialect;
        return string.Join("\nUNION ALL\n", All.Select(k =>
            $"SELECT {d.Literal(k.Code)} AS kpi_code, {d.Literal(k.Name)} AS kpi_name, {d.Literal(k.Description)} AS description, " +
            string.Concat(TranslatedLanguages.Select(l => $"{d.Literal(Text.KpiText.Name(k.Code, k.Name, Text.KpiText.Culture(l)))} AS kpi_name_{l}, " +
                                                          $"{d.Literal(Text.KpiText.Description(k.Code, k.Description, Text.KpiText.Culture(l)))} AS description_{l}, ")) +
            $"{d.Literal(k.Area.ToString())} AS area, {d.Literal(k.Unit.ToString())} AS unit, {d.Literal(k.Direction.ToString())} AS direction, " +
            $"{d.Literal(k.Numerator)} AS numerator_definition, {d.Literal(k.Denominator ?? "")} AS denominator_definition, " +
            $"{d.Literal(string.Join(",", k.Slices.Select(s => s.Code)))} AS slices, {d.Literal(string.Join(",", k.Facts))} AS facts, " +
            $"{d.Literal(k.Variant ?? "")} AS variant"));
    }
}
