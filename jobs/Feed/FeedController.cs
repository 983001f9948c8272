using LinqToDB;
using LinqToDB.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Routing.Controllers;

namespace Warehouse.Jobs.Feed;

/// <summary>
/// The read-only OData v4 feed over the executive and KPI views. Each entity set is a linq2db query, so
/// $filter, $orderby, $top, $skip and $count run in the database; $select shapes the answer. Pages hold
/// <see cref="FeedQueryAttribute.Rows"/> rows and link to the next one. Queries take turns (<see cref="FeedLimits"/>)
/// and stop with their request (<see cref="FeedQueryCancellation"/>).
/// </summary>
[Route(FeedModel.RoutePrefix)]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(FeedLimits.Policy)]
public sealed class FeedController(DataConnection db) : ODataController
{
    [HttpGet("kpi_scorecard")]
    [FeedQuery]
    public IQueryable<ScorecardRow> Scorecard() => db.GetTable<ScorecardRow>();

    [HttpGet("kpi_trend")]
    [FeedQuery]
    public IQueryable<TrendRow> Trend() => db.GetTable<TrendRow>();

    [HttpGet("kpi_value")]
    [FeedQuery]
    public IQueryable<KpiValueRow> Values() => db.GetTable<KpiValueRow>();

    [HttpGet("kpi_catalogue")]
    [FeedQuery]
    public IQueryable<KpiCatalogueRow> Catalogue() => db.GetTable<KpiCatalogueRow>();
}
