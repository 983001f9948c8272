using System.CommandLine;
using Serilog;
using Warehouse.Deployment;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Jobs.Alerts;

namespace Warehouse.Jobs.Commands;

internal static class RunCommand
{
    public static Command Create()
    {
        var source = new Option<string?>("--source")
        {
            Description = $"Run one source (every instance of it) or one instance (source:instance): {string.Join(", ", SourceModules.Names)}",
        };
        var from = new Option<DateOnly?>("--from") { Description = "Backfill: read again what changed from this day on (yyyy-MM-dd, reporting time zone), then reconcile --from … --to" };
        var to = new Option<DateOnly?>("--to") { Description = "The backfill's last day to reconcile (default: today)" };
        var command = new Command("run", "Extract, land and transform the enabled sources (the KPI views read the result at once), then reconcile them with the sources' own counts.")
        {
            source, from, to,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync((host, token) => RunAsync(host, parse.GetValue(source), Range(parse.GetValue(from), parse.GetValue(to), host), token), ct));
        return command;
    }

    /// <summary>A backfill's range; a --to without --from is refused, as is a range that ends before it starts.</summary>
    internal static (DateOnly From, DateOnly To)? Range(DateOnly? from, DateOnly? to, HostConfiguration host)
    {
        if (from is null && to is null) return null;
        if (from is null) throw new InvalidOperationException("--to needs --from: the first day to read again.");
        var last = to ?? Etl.Reconciliation.CountPeriods.TodayIn(host.Settings);
        if (last < from) throw new InvalidOperationException($"--to {last:yyyy-MM-dd} is before --from {from:yyyy-MM-dd}.");
        return (from.Value, last);
    }

    public static Task<int> RunAsync(HostConfiguration host, string? only, CancellationToken ct) => RunAsync(host, only, null, ct);

    /// <summary>Runs each enabled source instance; a failing or misconfigured instance is reported and the others still run.</summary>
    public static async Task<int> RunAsync(HostConfiguration host, string? only, (DateOnly From, DateOnly To)? backfill, CancellationToken ct)
    {
        await WarehouseDeployer.RequireDeployedAsync(host.Database, ct);
        var instances = only is null ? host.SourceInstances : host.SelectInstances(only);
        var pipeline = new SourcePipeline(host.Database, host.Settings);
        var failures = 0;
        var reconciled = false;
        foreach (var configured in instances)
        {
            var name = configured.Instance.Key;
            if (configured.Error is null && !configured.Enabled)
            {
                Log.Information("Source {Source} is disabled ({Key})", name, configured.Instance.SettingKey("Enabled"));
                continue;
            }

            try
            {
                using var source = host.CreateSource(configured);
                var result = await pipeline.RunAsync(source, backfill, ct);
                if (result.Reconciliation is { } summary)
                {
                    reconciled = true;
                    await Console.Out.WriteLineAsync(summary.ToString());
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures++;
                if (CommandRunner.Verbose) Log.Error(ex, "Source {Source} failed: {Message}", name, ex.Message);
                else Log.Error("Source {Source} failed: {Message}", name, ex.Message);
            }
        }

        if (reconciled) await AlertEvaluatorFactory.EvaluateAsync(host, reconciliationOnly: true, ct);
        return failures == 0 ? 0 : 1;
    }
}
