using System.Data.Common;
using LinqToDB.Data;

namespace Warehouse.Etl.Transforms;

/// <summary>A named, set-based step of a source's transform: SQL statements run in order inside one transaction.</summary>
public sealed record TransformStep(string Name, Func<TransformContext, IEnumerable<string>> Statements)
{
    /// <summary>
    /// Runs the statements on the caller's transaction, then refreshes the planner's statistics of the tables
    /// they wrote (a table filled a moment ago otherwise looks empty to the next step). A failure names the step.
    /// </summary>
    /// <returns>The rows the statements affected.</returns>
    public async Task<int> RunAsync(DataConnection db, TransformContext context, string owner, CancellationToken ct)
    {
        var rows = 0;
        var written = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var index = 0;
            foreach (var statement in Statements(context))
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                rows += await db.ExecuteAsync(statement, ct);
                TransformMetrics.Record(owner, Name, ++index, statement, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
                written.UnionWith(WrittenTables.Of(statement));
            }
        }
        catch (DbException ex)
        {
            throw new InvalidOperationException($"{owner} failed at {Name}: {ex.Message}", ex);
        }

        // A step that changed nothing leaves the statistics as they are (an incremental run has many such steps).
        if (rows > 0) await RefreshStatisticsAsync(db, context.Dialect, written, ct);
        return rows;
    }

    public static async Task RefreshStatisticsAsync(DataConnection db, Engines.SqlDialect dialect, IEnumerable<string> tables, CancellationToken ct)
    {
        foreach (var table in tables)
        {
            if (dialect.RefreshStatistics(table) is { } statement) await db.ExecuteAsync(statement, ct);
        }
    }
}
