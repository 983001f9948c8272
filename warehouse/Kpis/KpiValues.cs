using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using LinqToDB.Mapping;
using Warehouse.Engines;
using Warehouse.Schema;
using Warehouse.Schema.Kpi;

namespace Warehouse.Kpis;

/// <summary>
/// Writes kpi.kpi_value and kpi.kpi_value_extra from the KPI views, set-based, inside the KPI refresh's
/// transaction. A KPI is computed again from the first period its refresh's loads can have changed: the
/// earliest date of its facts' rows from those loads, and of its facts' rows that point at dimension
/// members those loads wrote. A KPI none of whose tables changed keeps its rows; one whose definition or
/// settings changed (its view's SQL hashes differently), or whose figures depend on later facts, is
/// computed whole.
/// </summary>
public static partial class KpiValues
{
    /// <summary>What a refresh did: KPIs computed whole, from a period on, or left as they were.</summary>
    public sealed record Outcome(int Whole, int FromPeriod, int Unchanged, long Rows, double Seconds, string Slowest, double SlowestSeconds)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Whole} KPIs whole, {FromPeriod} from a period on, {Unchanged} unchanged; {Rows:N0} rows in {Seconds:0.0} s (slowest {Slowest} {SlowestSeconds:0.0} s)");
    }

    /// <summary>The period of facts with an unknown date (dim_date's member -1), computed again on every refresh of a KPI.</summary>
    private static readonly DateOnly UnknownPeriod = new(1900, 1, 1);

    /// <summary>Only unknown dates changed: no period but the unknown one is computed again.</summary>
    private const int OnlyUnknownDates = int.MaxValue;

    private static readonly DateOnly LastDay = new(9999, 12, 31);

    private static readonly string[] CommonColumns = ["kpi_code", "grain", "slice_name", "slice_value", "period_start"];

    /// <param name="db">The refresh's connection, on its transaction.</param>
    /// <param name="context">The engine and settings the views were deployed with.</param>
    /// <param name="loads">SQL returning the load ids of this refresh; null computes every KPI whole.</param>
    /// <param name="ct">Cancels the refresh; the caller's transaction keeps nothing of it.</param>
    public static async Task<Outcome> RefreshAsync(DataConnection db, KpiContext context, string? loads, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var d = context.Dialect;
        var states = await db.GetTable<KpiRefreshState>().ToDictionaryAsync(s => s.KpiCode, StringComparer.Ordinal, ct);
        var changes = loads is null ? null : new ChangedDates(db, loads);
        int whole = 0, partial = 0, unchanged = 0;
        long rows = 0;
        var slowest = (Code: "", Seconds: 0.0);
        foreach (var kpi in KpiCatalogue.All)
        {
            var sql = KpiViewRenderer.Render(kpi, context);
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            var computeWhole = changes is null || kpi.LaterFactsChangeEarlierPeriods
                || !states.TryGetValue(kpi.Code, out var state) || state.DefinitionHash != hash;
            DateOnly? from = null;
            if (!computeWhole)
            {
                var earliest = await changes!.EarliestAsync(TablesRead(sql), ct);
                if (earliest is Earliest.NoneChanged) { unchanged++; continue; }
                from = earliest switch
                {
                    Earliest.On { DateKey: OnlyUnknownDates } => LastDay,
                    Earliest.On on => await PeriodStartAsync(db, on.DateKey, context.Settings.Calendar == CalendarKind.Persian, ct),
                    _ => null,
                };
                computeWhole = from is null;
            }

            var kpiClock = Stopwatch.StartNew();
            var replace = Statements(kpi, context, from);
            foreach (var statement in replace.Delete) await db.ExecuteAsync(statement, ct);
            var written = await db.ExecuteAsync(replace.Values, ct);
            if (replace.Extras is { } extras) await db.ExecuteAsync(extras, ct);

            rows += written;
            await db.GetTable<KpiRefreshState>().Where(s => s.KpiCode == kpi.Code).DeleteAsync(ct);
            await db.InsertAsync(new KpiRefreshState
            {
                KpiCode = kpi.Code, DefinitionHash = hash, FromPeriod = from, RowsWritten = written,
                Seconds = Math.Round(kpiClock.Elapsed.TotalSeconds, 3), RefreshedAt = DateTime.UtcNow,
            }, token: ct);
            if (kpiClock.Elapsed.TotalSeconds > slowest.Seconds) slowest = (kpi.Code, kpiClock.Elapsed.TotalSeconds);
            if (computeWhole) whole++; else partial++;
        }

        foreach (var table in new[] { "kpi.kpi_value", "kpi.kpi_value_extra" })
        {
            if (d.RefreshStatistics(table) is { } statement) await db.ExecuteAsync(statement, ct);
        }
        return new Outcome(whole, partial, unchanged, rows, clock.Elapsed.TotalSeconds, slowest.Code, slowest.Seconds);
    }

    /// <summary>What replaces a KPI's rows: the deletes, then the insert of the values, then that of the extras (none without extras).</summary>
    public sealed record Replacement(IReadOnlyList<string> Delete, string Values, string? Extras);

    /// <summary>
    /// Replaces a KPI's rows from <paramref name="from"/> on (null: all of them) with what its view computes,
    /// by the view's own query with its dated rows computed once for every grain and slice.
    /// </summary>
    public static Replacement Statements(KpiDefinition kpi, KpiContext context, DateOnly? from)
    {
        var d = context.Dialect;
        var (with, branches) = KpiViewRenderer.Parts(kpi, context, refresh: true, from);
        var periods = from is null ? "" : $" AND (period_start >= {KpiViewRenderer.DateLiteral(from.Value)} OR period_start = {KpiViewRenderer.DateLiteral(UnknownPeriod)})";
        var common = string.Join(", ", CommonColumns);
        string[] delete =
        [
            $"DELETE FROM kpi.kpi_value WHERE kpi_code = {d.Literal(kpi.Code)}{periods}",
            $"DELETE FROM kpi.kpi_value_extra WHERE kpi_code = {d.Literal(kpi.Code)}{periods}",
        ];
        // WITH before INSERT: the one placement of a CTE that SQL Server, PostgreSQL and DuckDB all take (where
        // it is not, the renderer gives no WITH and inlines the rows instead).
        var values = $"{with}\nINSERT INTO kpi.kpi_value ({common}, numerator, denominator, value)\n" +
                     $"SELECT {common}, numerator, denominator, value FROM (\n{branches}\n) v WHERE 1 = 1{periods}";

        // One pass over the branches for all extras: each row is repeated once per extra's name, which picks its column.
        var extras = kpi.Extras.Select(e => e.Column).Concat(kpi.Medians.Select(m => m.Column)).ToList();
        if (extras.Count == 0) return new Replacement(delete, values, null);
        var names = string.Join(" UNION ALL ", extras.Select(e => $"SELECT {d.Literal(e)} AS extra_name"));
        var pick = string.Concat(extras.Select(e => $" WHEN {d.Literal(e)} THEN v.{d.Quote(e)}"));
        return new Replacement(delete, values,
            $"{with}\nINSERT INTO kpi.kpi_value_extra ({common}, extra_name, extra_value)\n" +
            $"SELECT {string.Join(", ", CommonColumns.Select(c => "v." + c))}, n.extra_name, CASE n.extra_name{pick} END " +
            $"FROM (\n{branches}\n) v CROSS JOIN ({names}) n WHERE 1 = 1{periods}");
    }

    /// <summary>The warehouse tables a KPI's view reads (its SQL is the project's own).</summary>
    public static IReadOnlyCollection<string> TablesRead(string viewSql) =>
        DwTable().Matches(viewSql).Select(m => m.Groups[1].Value.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    /// <summary>The earliest period start (week, month, Persian month) holding the day; null when the calendar does not have it.</summary>
    private static async Task<DateOnly?> PeriodStartAsync(DataConnection db, int dateKey, bool persian, CancellationToken ct)
    {
        var day = await db.GetTable<Schema.Dw.DimDate>().Where(x => x.DateKey == dateKey)
            .Select(x => new { x.WeekStart, x.MonthStart, x.PersianMonthStart }).FirstOrDefaultAsync(ct);
        if (day is null) return null;
        DateOnly[] starts = persian && day.PersianMonthStart is { } p ? [day.WeekStart, day.MonthStart, p] : [day.WeekStart, day.MonthStart];
        return starts.Min();
    }

    [GeneratedRegex(@"\bdw\.([a-z_0-9]+)", RegexOptions.IgnoreCase)]
    private static partial Regex DwTable();



    /// <summary>How far back a refresh's loads reach into a KPI's tables.</summary>
    private abstract record Earliest
    {
        /// <summary>None of the tables has a row from the loads.</summary>
        public sealed record NoneChanged : Earliest;

        /// <summary>Rows from the loads, the earliest on this date key.</summary>
        public sealed record On(int DateKey) : Earliest;

        /// <summary>Rows from the loads whose dates cannot be told apart: compute the KPI whole.</summary>
        public sealed record Unbounded : Earliest;

        public static readonly Earliest None = new NoneChanged();
        public static readonly Earliest All = new Unbounded();

        public static Earliest Min(Earliest a, Earliest b) => (a, b) switch
        {
            (Unbounded, _) or (_, Unbounded) => All,
            (NoneChanged, _) => b,
            (_, NoneChanged) => a,
            (On x, On y) => x.DateKey <= y.DateKey ? x : y,
            _ => All,
        };
    }

    /// <summary>
    /// The dates a refresh's loads changed, per table, asked once per refresh. A fact's rows carry the load that
    /// wrote them; a dimension member a load wrote reaches the fact rows that point at it by their key
    /// (a type 2 change is a new member that only new facts point at; a completed inferred member or an
    /// attribute changed in place is pointed at by older facts too).
    /// </summary>
    private sealed class ChangedDates(DataConnection db, string loads)
    {
        private static readonly Dictionary<string, EntityDescriptor> Tables = WarehouseTables.All
            .Select(t => MappingSchema.Default.GetEntityDescriptor(t))
            .Where(e => e.Name.Schema == Areas.Dw)
            .ToDictionary(e => e.Name.Name, StringComparer.Ordinal);

        private readonly Dictionary<string, Earliest> factRows = new(StringComparer.Ordinal);
        private readonly Dictionary<string, bool> dimensionWritten = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Fact, string Column, string Dimension), Earliest> pointing = [];

        public async Task<Earliest> EarliestAsync(IReadOnlyCollection<string> tables, CancellationToken ct)
        {
            var known = tables.Where(t => Tables.TryGetValue(t, out var e) && HasColumn(e, "load_id")).ToList();
            var facts = known.Where(WarehouseTables.IsFact).ToList();
            var earliest = Earliest.None;
            foreach (var fact in facts)
            {
                earliest = Earliest.Min(earliest, await FactRowsAsync(fact, ct));
            }

            foreach (var dimension in known.Where(t => !WarehouseTables.IsFact(t)))
            {
                if (!await DimensionWrittenAsync(dimension, ct)) continue;
                var key = Tables[dimension].Columns.Where(c => c.IsPrimaryKey).ToList();
                var reached = false;
                if (key.Count == 1)
                {
                    foreach (var fact in facts)
                    {
                        foreach (var column in Tables[fact].Columns.Select(c => c.ColumnName)
                                     .Where(c => c == key[0].ColumnName || c.EndsWith("_" + key[0].ColumnName, StringComparison.Ordinal)))
                        {
                            earliest = Earliest.Min(earliest, await PointingAsync(fact, column, dimension, key[0].ColumnName, ct));
                            reached = true;
                        }
                    }
                }

                // A dimension the KPI reads without a key of it in its facts (joined by a natural key): any of its rows may count.
                if (!reached) return Earliest.All;
            }

            return earliest;
        }

        private async Task<Earliest> FactRowsAsync(string fact, CancellationToken ct)
        {
            if (!factRows.TryGetValue(fact, out var earliest))
            {
                earliest = await EarliestDateAsync(fact, $"load_id IN ({loads})", ct);
                factRows[fact] = earliest;
            }

            return earliest;
        }

        private async Task<bool> DimensionWrittenAsync(string dimension, CancellationToken ct)
        {
            if (!dimensionWritten.TryGetValue(dimension, out var written))
            {
                written = await db.ExecuteAsync<int>($"SELECT CASE WHEN EXISTS (SELECT 1 FROM dw.{dimension} WHERE load_id IN ({loads})) THEN 1 ELSE 0 END", ct) == 1;
                dimensionWritten[dimension] = written;
            }

            return written;
        }

        private async Task<Earliest> PointingAsync(string fact, string column, string dimension, string key, CancellationToken ct)
        {
            if (!pointing.TryGetValue((fact, column, dimension), out var earliest))
            {
                earliest = await EarliestDateAsync(fact, $"{column} IN (SELECT {key} FROM dw.{dimension} WHERE load_id IN ({loads}))", ct);
                pointing[(fact, column, dimension)] = earliest;
            }

            return earliest;
        }

        /// <summary>The earliest known date in any of a fact's date keys among the rows matching <paramref name="where"/>.</summary>
        private async Task<Earliest> EarliestDateAsync(string fact, string where, CancellationToken ct)
        {
            var dates = Tables[fact].Columns.Select(c => c.ColumnName)
                .Where(c => c == "date_key" || c.EndsWith("_date_key", StringComparison.Ordinal)).ToList();
            if (dates.Count == 0)
            {
                var any = await db.ExecuteAsync<int>($"SELECT CASE WHEN EXISTS (SELECT 1 FROM dw.{fact} WHERE {where}) THEN 1 ELSE 0 END", ct) == 1;
                return any ? Earliest.All : Earliest.None;
            }

            // Unknown dates (-1) are left out here: their period is computed again on every refresh anyway.
            var minima = string.Join(", ", dates.Select(c => $"MIN(CASE WHEN {c} > 0 THEN {c} END)"));
            var row = await db.QueryToListAsync(
                r => (Count: Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture),
                      Minima: Enumerable.Range(1, dates.Count).Select(i => r.IsDBNull(i) ? (int?)null : Convert.ToInt32(r.GetValue(i), CultureInfo.InvariantCulture)).ToList()),
                $"SELECT COUNT(*), {minima} FROM dw.{fact} WHERE {where}", ct);
            var (count, found) = row[0];
            if (count == 0) return Earliest.None;
            var min = found.Where(m => m is not null).Min();
            return new Earliest.On(min ?? OnlyUnknownDates);
        }

        private static bool HasColumn(EntityDescriptor e, string name) => e.Columns.Any(c => c.ColumnName == name);
    }
}
