using LinqToDB;
using LinqToDB.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OData.Results;
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
    // Each set also answers /<set>/$count (the count alone, as OData clients ask before paging).
    [HttpGet("kpi_scorecard")]
    [HttpGet("kpi_scorecard/$count")]
    [FeedQuery]
    public IQueryable<ScorecardRow> Scorecard() => db.GetTable<ScorecardRow>();

    /// <summary>One KPI's scorecard row by its key, kpi_scorecard('aov'); 404 for a code that is not there.</summary>
    [HttpGet("kpi_scorecard({key})")]
    [FeedQuery]
    public SingleResult<ScorecardRow> ScorecardOf(string key) => SingleResult.Create(db.GetTable<ScorecardRow>().Where(r => r.KpiCode == key));

    [HttpGet("kpi_trend")]
    [HttpGet("kpi_trend/$count")]
    [FeedQuery]
    public IQueryable<TrendRow> Trend() => db.GetTable<TrendRow>();

    [HttpGet("kpi_value")]
    [HttpGet("kpi_value/$count")]
    [FeedQuery]
    public IQueryable<KpiValueRow> Values() => db.GetTable<KpiValueRow>();

    [HttpGet("kpi_catalogue")]
    [HttpGet("kpi_catalogue/$count")]
    [FeedQuery]
    public IQueryable<KpiCatalogueRow> Catalogue() => db.GetTable<KpiCatalogueRow>();

    [HttpGet("kpi_catalogue({key})")]
    [FeedQuery]
    public SingleResult<KpiCatalogueRow> CatalogueOf(string key) => SingleResult.Create(db.GetTable<KpiCatalogueRow>().Where(r => r.KpiCode == key));
}
