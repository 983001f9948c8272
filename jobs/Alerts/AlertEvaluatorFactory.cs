using Microsoft.Extensions.Configuration;
using Warehouse.Etl.Http;
using Warehouse.Etl.Sources;
using Warehouse.Jobs.Host;

namespace Warehouse.Jobs.Alerts;

/// <summary>Builds the alert evaluation from configuration: thresholds, the webhook (retried) and each scheduled source's freshness limit.</summary>
public static class AlertEvaluatorFactory
{
    public static async Task<int> EvaluateAsync(HostConfiguration host, CancellationToken ct) => await EvaluateAsync(host, reconciliationOnly: false, ct);

    /// <summary>With <paramref name="reconciliationOnly"/>, only the differences from the sources' counts (after <c>run</c>).</summary>
    public static async Task<int> EvaluateAsync(HostConfiguration host, bool reconciliationOnly, CancellationToken ct)
    {
        var settings = host.Alerts;
        using var webhook = string.IsNullOrWhiteSpace(settings.WebhookUrl)
            ? null
            : SourceHttpClient.Create("alerts", new Uri(settings.WebhookUrl), host.Configuration.GetSection("Alerts:Http").Get<HttpSettings>()
                ?? new HttpSettings { MaxRetries = 3, RetryDelay = TimeSpan.FromSeconds(1), AttemptTimeout = TimeSpan.FromSeconds(10), TotalTimeout = TimeSpan.FromSeconds(60) });
        var limits = host.SourceInstances
            .Where(i => i.Enabled)
            .Select(i => (Source: i.Instance.Key, Schedule: host.Schedule(i.Instance)))
            .Where(s => s.Schedule.Cron is not null)
            .ToDictionary(s => s.Source, s => s.Schedule.FreshnessLimit);
        var evaluator = new AlertEvaluator(host.Database, settings, webhook);
        var raised = reconciliationOnly ? await evaluator.EvaluateReconciliationAsync(ct) : await evaluator.EvaluateAsync(limits, ct);
        return raised.Count;
    }
}
