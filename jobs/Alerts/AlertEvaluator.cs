using System.Globalization;
using System.Net.Http.Json;
using LinqToDB;
using LinqToDB.Async;
using Serilog;
using Warehouse.Engines;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Reconciliation;
using Warehouse.Kpis;
using Warehouse.Schema.Etl;

namespace Warehouse.Jobs.Alerts;

/// <summary>
/// After a refresh: compares the latest month of each configured KPI with its thresholds and checks each
/// source's freshness and its reconciliation with the source's own counts. A breach is stored once in etl.alert (re-evaluating the same period adds nothing),
/// logged as a warning, and posted to the webhook; a webhook that fails after its retries is logged and
/// never fails the run.
/// </summary>
public sealed class AlertEvaluator(WarehouseDatabase database, AlertSettings settings, HttpClient? webhook)
{
    public async Task<IReadOnlyList<EtlAlert>> EvaluateAsync(IReadOnlyDictionary<string, TimeSpan> freshnessLimits, CancellationToken ct)
    {
        await KpiTargets.SaveAsync(database, settings.Thresholds, ct);
        var candidates = new List<EtlAlert>();
        foreach (var threshold in settings.Thresholds)
        {
            var kpi = KpiCatalogue.Find(threshold.Kpi);
            var values = await KpiReader.ReadAsync(database, "month", threshold.Slice, kpi.Code, ct);
            var latest = values.Where(v => v.SliceValue == threshold.SliceValue && v.Value is not null).MaxBy(v => v.PeriodStart);
            if (latest is null) continue;
            var (severity, level) = Breach(kpi.Direction, latest.Value!.Value, threshold);
            if (severity is null) continue;
            candidates.Add(new EtlAlert
            {
                RaisedAt = DateTime.UtcNow, AlertKind = "kpi_threshold", KpiCode = kpi.Code, PeriodStart = latest.PeriodStart,
                SliceName = threshold.Slice, SliceValue = threshold.SliceValue, ObservedValue = latest.Value, ThresholdValue = level, Severity = severity,
                Message = string.Create(CultureInfo.InvariantCulture,
                    $"{kpi.Name} ({kpi.Code}) for {latest.PeriodStart:yyyy-MM} [{threshold.Slice}={threshold.SliceValue}] is {latest.Value:0.##}, past the {severity} level {level:0.##}"),
            });
        }

        candidates.AddRange(await StaleSourcesAsync(freshnessLimits, ct));
        candidates.AddRange(await UnreconciledAsync(ct));
        return await RaiseAsync(candidates, ct);
    }

    /// <summary>Only the reconciliation alerts: what <c>run</c> raises after its sources' checks.</summary>
    public async Task<IReadOnlyList<EtlAlert>> EvaluateReconciliationAsync(CancellationToken ct) => await RaiseAsync((await UnreconciledAsync(ct)).ToList(), ct);

    private async Task<IReadOnlyList<EtlAlert>> RaiseAsync(List<EtlAlert> candidates, CancellationToken ct)
    {
        var raised = new List<EtlAlert>();
        await using var db = database.Open();
        foreach (var alert in candidates)
        {
            var exists = await db.GetTable<EtlAlert>().AnyAsync(a => a.AlertKind == alert.AlertKind && a.KpiCode == alert.KpiCode && a.Source == alert.Source
                && a.PeriodStart == alert.PeriodStart && a.SliceName == alert.SliceName && a.SliceValue == alert.SliceValue && a.Severity == alert.Severity, ct);
            if (exists) continue;
            alert.AlertId = await OrderedIdentity.InsertAsync(db, database.Dialect, alert, ct);
            Log.Warning("Alert: {Message}", alert.Message);
            if (await DeliverAsync(alert, ct))
            {
                alert.DeliveredAt = DateTime.UtcNow;
                await db.GetTable<EtlAlert>().Where(a => a.AlertId == alert.AlertId).Set(a => a.DeliveredAt, alert.DeliveredAt).UpdateAsync(ct);
            }

            raised.Add(alert);
        }

        return raised;
    }

    private static (string? Severity, double? Level) Breach(KpiDirection direction, double value, KpiThreshold t)
    {
        bool Past(double? level) => level is not null && (direction == KpiDirection.HigherIsBetter ? value < level : value > level);
        if (Past(t.Critical)) return ("critical", t.Critical);
        if (Past(t.Warning)) return ("warning", t.Warning);
        return (null, null);
    }

    /// <summary>A source whose last successful load is older than its limit; the alert's period is the day it was found stale.</summary>
    private async Task<IEnumerable<EtlAlert>> StaleSourcesAsync(IReadOnlyDictionary<string, TimeSpan> limits, CancellationToken ct)
    {
        await using var db = database.Open();
        var last = (await db.GetTable<EtlLoad>().Where(l => l.Status == LoadStatus.Succeeded).GroupBy(l => l.Source)
            .Select(g => new { Source = g.Key, At = g.Max(l => l.EndedAt) }).ToListAsync(ct)).ToDictionary(r => r.Source, r => r.At);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return limits.Where(l => last.GetValueOrDefault(l.Key) is not { } at || DateTime.UtcNow - at > l.Value).Select(l => new EtlAlert
        {
            RaisedAt = DateTime.UtcNow, AlertKind = "freshness", Source = l.Key, PeriodStart = today, Severity = "critical",
            Message = $"Source {l.Key} has no successful load within its freshness limit of {l.Value} (last: {(last.GetValueOrDefault(l.Key) is { } at ? at.ToString("u", CultureInfo.InvariantCulture) : "never")})",
        });
    }

    /// <summary>
    /// A period whose latest check against the source's count is beyond its tolerance: one alert per source, object
    /// and period, naming both counts (a later check of the period that differs again raises no second alert).
    /// </summary>
    public async Task<IEnumerable<EtlAlert>> UnreconciledAsync(CancellationToken ct) =>
        (await OpenDifferences.ReadAsync(database, ct)).Select(r => new EtlAlert
        {
            RaisedAt = DateTime.UtcNow, AlertKind = "reconciliation", Source = r.Source, PeriodStart = r.PeriodStart, Severity = "critical",
            SliceName = r.ObjectName.Length > 50 ? r.ObjectName[..50] : r.ObjectName, SliceValue = r.PeriodGrain,
            ObservedValue = r.WarehouseCount + r.QuarantinedCount, ThresholdValue = r.SourceCount,
            Message = $"Source {r.Source} is not reconciled: {ReconciliationSummary.Describe(r)}. `run --source {r.Source} --from {r.PeriodStart:yyyy-MM-dd} --to {PeriodEnd(r):yyyy-MM-dd}` reads the period again.",
        });

    private static DateOnly PeriodEnd(EtlReconciliation r) => r.PeriodGrain == "month" ? r.PeriodStart.AddMonths(1).AddDays(-1) : r.PeriodStart;

    private async Task<bool> DeliverAsync(EtlAlert alert, CancellationToken ct)
    {
        if (webhook is null || string.IsNullOrWhiteSpace(settings.WebhookUrl)) return false;
        try
        {
            using var response = await webhook.PostAsJsonAsync(settings.WebhookUrl, new
            {
                alert.AlertId, kind = alert.AlertKind, kpi = alert.KpiCode, source = alert.Source, period = alert.PeriodStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                slice = alert.SliceName, slice_value = alert.SliceValue, value = alert.ObservedValue, threshold = alert.ThresholdValue, severity = alert.Severity, message = alert.Message,
            }, ct);
            response.EnsureSuccessStatusCode();
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            Log.Error("The alert webhook failed after its retries ({Error}); alert {AlertId} is stored undelivered", ex.Message, alert.AlertId);
            return false;
        }
    }
}
