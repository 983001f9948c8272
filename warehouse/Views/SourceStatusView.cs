using Warehouse.Deployment;
using Warehouse.Engines;
using Warehouse.Schema;

namespace Warehouse.Views;

/// <summary>
/// <c>exec.source_status</c>: how far each source instance can be trusted, one row per instance that has loaded: its
/// last successful load (freshness) and its reconciliation with the source's own counts, from the latest check of
/// each object and period in etl.reconciliation. <c>reconciliation_status</c> is <c>reconciled</c>, <c>not
/// reconciled</c> (a period's latest check is beyond its tolerance: <c>open_differences</c> of them) or <c>not
/// checked</c> (a source that publishes no counts, or not yet checked).
/// </summary>
internal static class SourceStatusView
{
    public static ViewDefinition Render(SqlDialect d) => new(Areas.Exec, "source_status", $"""
        WITH latest AS (
            SELECT r.source, r.is_reconciled, r.checked_at,
                   ROW_NUMBER() OVER (PARTITION BY r.source, r.{d.Quote("object")}, r.period_grain, r.period_start ORDER BY r.reconciliation_id DESC) AS rn
            FROM etl.reconciliation r
        ),
        checks AS (
            SELECT source, MAX(checked_at) AS last_reconciled_at, SUM(CASE WHEN is_reconciled = {d.False} THEN 1 ELSE 0 END) AS open_differences
            FROM latest WHERE rn = 1 GROUP BY source
        ),
        loads AS (
            SELECT source, MAX(CASE WHEN status = 'succeeded' THEN ended_at END) AS last_success FROM etl.load GROUP BY source
        )
        SELECT l.source, l.last_success, c.last_reconciled_at, COALESCE(c.open_differences, 0) AS open_differences,
               CASE WHEN c.source IS NULL THEN 'not checked' WHEN c.open_differences > 0 THEN 'not reconciled' ELSE 'reconciled' END AS reconciliation_status
        FROM loads l LEFT JOIN checks c ON c.source = l.source
        """);
}
