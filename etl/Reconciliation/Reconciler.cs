using System.Globalization;
using System.Text.Json;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Serilog;
using Warehouse.Engines;
using Warehouse.Etl.Sources;
using Warehouse.Schema.Etl;

namespace Warehouse.Etl.Reconciliation;

/// <summary>
/// Compares what the warehouse holds of a source instance with what the source itself counts, object by object and
/// period by period, and keeps every check in etl.reconciliation. After a run it counts the periods the run's loads
/// wrote, today and yesterday, and <see cref="ReconciliationSettings.SampleDays"/> older periods in turn (so the whole
/// history is checked within a few runs); the <c>reconcile</c> command counts a range instead. The warehouse's side
/// is one grouped query per object; only the source's counts are requests, paced by the source's own client.
/// </summary>
public sealed class Reconciler(WarehouseDatabase database, WarehouseSettings settings)
{
    /// <summary>Checks the source instance; <paramref name="from"/>/<paramref name="to"/> given, that range of days instead of the run's window.</summary>
    public async Task<ReconciliationSummary> RunAsync(ISource source, string runId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var objects = source.Reconciled;
        var summary = new ReconciliationSummary(source.Name);
        if (objects.Count == 0) return summary;
        var periods = new CountPeriods(settings, CountPeriods.TodayIn(settings));
        await using var db = database.Open();
        var latestLoads = await db.GetTable<EtlLoad>().Where(l => l.Source == source.Name).GroupBy(l => l.Stream)
            .Select(g => g.Max(l => l.LoadId)).ToListAsync(ct);
        var checksBefore = await db.GetTable<EtlReconciliation>().Where(r => r.Source == source.Name).Select(r => r.RunId).Distinct().CountAsync(ct);
        var rows = new List<EtlReconciliation>();
        foreach (var item in objects)
        {
            if (item.Files is { } files)
            {
                rows.AddRange(await FilesAsync(files(db), item, source, runId, from, to, latestLoads, periods, checksBefore, ct));
                summary.Objects++;
                continue;
            }

            var held = item.Held!(db);
            List<CountPeriod> window;
            Dictionary<int, long> heldByDay;
            if (item.Whole)
            {
                window = [periods.Total];
                heldByDay = new() { [0] = await held.LongCountAsync(ct) };
            }
            else
            {
                window = from is { } first && to is { } last
                    ? periods.Covering(first, last).ToList()
                    : await RunWindowAsync(held, latestLoads, periods, checksBefore, ct);
                var (low, high) = (Key(window.Min(p => p.First)), Key(window.Max(p => p.Last)));
                heldByDay = (await held.Where(r => r.DateKey >= low && r.DateKey <= high).GroupBy(r => r.DateKey)
                    .Select(g => new { Day = g.Key, Count = g.LongCount() }).ToListAsync(ct)).ToDictionary(r => r.Day, r => r.Count);
            }

            var quarantined = await QuarantinedAsync(db, source.Name, item, ct);
            foreach (var period in window)
            {
                SourceCount counted;
                try
                {
                    counted = await item.CountAsync!(period, ct);
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    summary.Failed.Add($"{item.Name}: {ex.Message}");
                    Log.Error("{Source}: the source's count of {Object} could not be read ({Error}); it is not reconciled in this run", source.Name, item.Name, ex.Message);
                    break;
                }

                var (low, high) = item.Whole ? (0, 0) : (Key(period.First), Key(period.Last));
                var inWarehouse = heldByDay.Where(d => d.Key >= low && d.Key <= high).Sum(d => d.Value);
                var inQuarantine = quarantined.Where(d => item.Whole || (d.Key >= low && d.Key <= high)).Sum(d => d.Value);
                var difference = counted.Count - inWarehouse - inQuarantine;
                var tolerance = periods.ToleranceOf(period);
                rows.Add(new EtlReconciliation
                {
                    RunId = runId, Source = source.Name, SourceInstance = source.Instance.Name, ObjectName = item.Name,
                    PeriodStart = period.First, PeriodGrain = period.Grain, SourceCount = counted.Count, WarehouseCount = inWarehouse,
                    QuarantinedCount = inQuarantine, Difference = difference, Tolerance = tolerance,
                    CountPrecision = counted.Precision == CountPrecision.Exact ? "exact" : "at_least",
                    // A capped count is a floor: only a warehouse short of it is a difference.
                    IsReconciled = counted.Precision == CountPrecision.Exact ? Math.Abs(difference) <= tolerance : difference <= tolerance,
                    CheckedAt = DateTime.UtcNow,
                });
            }

            summary.Objects++;
        }

        if (rows.Count > 0) await db.BulkCopyAsync(database.Dialect.BulkCopy, rows, ct);
        summary.Periods = rows.Count;
        summary.Unreconciled.AddRange(rows.Where(r => !r.IsReconciled));
        Log.Information("{Summary}", summary.ToString());
        foreach (var row in summary.Unreconciled) Log.Warning("{Source} not reconciled: {Difference}", source.Name, ReconciliationSummary.Describe(row));
        return summary;
    }

    /// <summary>A file drop's accounting by the day its files were loaded: summed in the database, no request.</summary>
    private async Task<List<EtlReconciliation>> FilesAsync(IQueryable<AccountedFile> files, ReconciledObject item, ISource source, string runId, DateOnly? from, DateOnly? to,
        List<long> latestLoads, CountPeriods periods, int checksBefore, CancellationToken ct)
    {
        var window = from is { } first && to is { } last
            ? periods.Covering(first, last).ToList()
            : await RunWindowAsync(files.Select(f => new HeldRecord { DateKey = f.DateKey, LoadId = f.LoadId }), latestLoads, periods, checksBefore, ct);
        var (low, high) = (Key(window.Min(p => p.First)), Key(window.Max(p => p.Last)));
        var byDay = await files.Where(f => f.DateKey >= low && f.DateKey <= high).GroupBy(f => f.DateKey)
            .Select(g => new { Day = g.Key, Read = g.Sum(f => f.Read), Accounted = g.Sum(f => f.Accounted), Quarantined = g.Sum(f => f.Quarantined) }).ToListAsync(ct);
        return window.Select(period =>
        {
            var days = byDay.Where(d => d.Day >= Key(period.First) && d.Day <= Key(period.Last)).ToList();
            var (read, accounted, quarantined) = (days.Sum(d => d.Read), days.Sum(d => d.Accounted), days.Sum(d => d.Quarantined));
            return new EtlReconciliation
            {
                RunId = runId, Source = source.Name, SourceInstance = source.Instance.Name, ObjectName = item.Name,
                PeriodStart = period.First, PeriodGrain = period.Grain, SourceCount = read, WarehouseCount = accounted, QuarantinedCount = quarantined,
                Difference = read - accounted - quarantined, Tolerance = 0, CountPrecision = "exact",
                // A file is whole once loaded (nothing of it is still being written): no tolerance.
                IsReconciled = read == accounted + quarantined,
                CheckedAt = DateTime.UtcNow,
            };
        }).ToList();
    }

    /// <summary>The periods the run's loads wrote, today and yesterday, and a turn of older periods of the history.</summary>
    private async Task<List<CountPeriod>> RunWindowAsync(IQueryable<HeldRecord> held, List<long> latestLoads, CountPeriods periods, int checksBefore, CancellationToken ct)
    {
        var touched = await held.Where(r => latestLoads.Contains(r.LoadId) && r.DateKey > 0).Select(r => r.DateKey).Distinct().ToListAsync(ct);
        var chosen = new Dictionary<DateOnly, CountPeriod>();
        foreach (var day in touched.Select(Day).Append(periods.Today).Append(periods.Today.AddDays(-1)))
        {
            var period = periods.Of(day);
            chosen.TryAdd(period.First, period);
        }

        // The history is the warehouse's calendar, not the days it holds records on: a day whose every record was lost is
        // a day the warehouse holds nothing of.
        if (settings.CalendarStart <= periods.Today)
        {
            var history = periods.Covering(periods.Of(settings.CalendarStart).First, periods.Today).Where(p => !chosen.ContainsKey(p.First)).ToList();
            // The first check of a source covers its whole history: the days by day, older months by month.
            if (checksBefore == 0) return history.Concat(chosen.Values).OrderBy(p => p.First).ToList();
            // Each run takes the next SampleDays periods of the history, round and round.
            for (var i = 0; history.Count > 0 && i < Math.Min(settings.Reconciliation.SampleDays, history.Count); i++)
            {
                var period = history[(checksBefore * settings.Reconciliation.SampleDays + i) % history.Count];
                chosen.TryAdd(period.First, period);
            }
        }

        return chosen.Values.OrderBy(p => p.First).ToList();
    }

    /// <summary>The records of the object's stream in the quarantine, once each, by the date key of their creation (0 when unknown).</summary>
    private async Task<Dictionary<int, long>> QuarantinedAsync(DataConnection db, string source, ReconciledObject item, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var byDay = new Dictionary<int, long>();
        await foreach (var payload in db.GetTable<EtlQuarantine>().Where(q => q.Source == source && q.Stream == item.Stream).Select(q => q.RawPayload).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (payload is null) continue;
            try
            {
                using var json = JsonDocument.Parse(payload);
                if (json.RootElement.ValueKind != JsonValueKind.Object) continue;
                var id = json.RootElement.TryGetProperty(item.IdField, out var idValue) ? idValue.ToString() : payload;
                if (!seen.Add(id)) continue;
                var day = CreatedAt(json.RootElement, item.CreatedField) is { } at ? settings.DateKeyOf(at) : 0;
                byDay[day] = byDay.GetValueOrDefault(day) + 1;
            }
            catch (JsonException)
            {
                // An unreadable page, not a record: it is not counted as one.
            }
        }

        return byDay;
    }

    /// <summary>A payload's creation time: an ISO 8601 string, or Unix seconds as Intercom writes it.</summary>
    private static DateTime? CreatedAt(JsonElement record, string field) => record.TryGetProperty(field, out var created) switch
    {
        true when created.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(created.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) => at.UtcDateTime,
        true when created.ValueKind == JsonValueKind.Number && created.TryGetInt64(out var seconds) && seconds is > 0 and < 253_402_300_800 => DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime,
        _ => null,
    };

    private static int Key(DateOnly day) => Deployment.CalendarBuilder.KeyOf(day);

    private static DateOnly Day(int key) => Deployment.CalendarBuilder.DayOf(key);
}

/// <summary>What a reconciliation found: the objects and periods checked and those beyond their tolerance.</summary>
public sealed class ReconciliationSummary(string source)
{
    public string Source { get; } = source;

    public int Objects { get; set; }

    public int Periods { get; set; }

    public List<EtlReconciliation> Unreconciled { get; } = [];

    /// <summary>Objects whose source count could not be read.</summary>
    public List<string> Failed { get; } = [];

    public bool Reconciled => Unreconciled.Count == 0 && Failed.Count == 0;

    public static string Describe(EtlReconciliation r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.ObjectName} {(r.PeriodGrain == "month" ? r.PeriodStart.ToString("yyyy-MM", CultureInfo.InvariantCulture) : r.PeriodGrain == "total" ? "in total" : r.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}: " +
        $"the source counts {(r.CountPrecision == "at_least" ? "at least " : "")}{r.SourceCount}, the warehouse holds {r.WarehouseCount} and quarantined {r.QuarantinedCount} (difference {r.Difference}, tolerance {r.Tolerance})");

    /// <summary>The one line a run prints.</summary>
    public override string ToString()
    {
        if (Objects == 0 && Failed.Count == 0) return $"{Source}: not checked (no count of its own that the warehouse compares)";
        var line = string.Create(CultureInfo.InvariantCulture, $"{Source} reconciliation: {Objects} objects, {Periods} periods checked, {Unreconciled.Count} beyond tolerance");
        if (Failed.Count > 0) line += $", {Failed.Count} not counted ({string.Join("; ", Failed)})";
        if (Unreconciled.Count > 0) line += ": " + string.Join("; ", Unreconciled.Take(3).Select(Describe)) + (Unreconciled.Count > 3 ? "; …" : "");
        return line;
    }
}
