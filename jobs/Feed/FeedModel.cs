using System.Reflection;
using LinqToDB.Mapping;
using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;

namespace Warehouse.Jobs.Feed;

/// <summary>The feed's entity data model: one entity set per view, named as the view, with its columns and natural key.</summary>
public static class FeedModel
{
    public const string RoutePrefix = "odata";

    public static IEdmModel Build()
    {
        var builder = new ODataConventionModelBuilder { Namespace = "CxWarehouse", ContainerName = "Warehouse" };
        builder.EntitySet<ScorecardRow>("kpi_scorecard").EntityType.HasKey(r => r.KpiCode);
        builder.EntitySet<TrendRow>("kpi_trend").EntityType.HasKey(r => new { r.KpiCode, r.MonthStart });
        builder.EntitySet<KpiValueRow>("kpi_value").EntityType.HasKey(r => new { r.KpiCode, r.Grain, r.PeriodStart, r.SliceName, r.SliceValue });
        builder.EntitySet<KpiCatalogueRow>("kpi_catalogue").EntityType.HasKey(r => r.KpiCode);
        // Properties are named as the views' columns (kpi_code, period_start, ...), which is what BI users see.
        // Every property is added here (conventions would add the rest later, under their CLR names).
        foreach (var type in builder.StructuralTypes.ToList())
        {
            foreach (var info in type.ClrType.GetProperties())
            {
                var property = type.Properties.FirstOrDefault(p => p.PropertyInfo == info) ?? type.AddProperty(info);
                property.Name = info.GetCustomAttribute<ColumnAttribute>()?.Name ?? property.Name;
            }
        }

        return builder.GetEdmModel();
    }
}
