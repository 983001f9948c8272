using Warehouse.Engines;
using Warehouse.Kpis;

namespace Warehouse.Deployment;

/// <summary>Every view the warehouse owns, in creation order (a view comes after those it reads).</summary>
public static class WarehouseViews
{
    public static IReadOnlyList<ViewDefinition> All(SqlDialect dialect, WarehouseSettings settings) =>
        [
            .. KpiCatalogue.Views(new KpiContext(dialect, settings)),
            Views.FollowUpView.Render(dialect, settings),
            .. Views.ScorecardViews.Render(dialect, settings),
            Views.SourceStatusView.Render(dialect),
            .. Views.BiViews.Render(dialect),
        ];
}
