using System.CommandLine;
using Warehouse.Deployment;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Reconciliation;
using Warehouse.Etl.Sources;
using Warehouse.Jobs.Alerts;

namespace Warehouse.Jobs.Commands;

/// <summary>
/// <c>reconcile</c>: checks what the warehouse holds against the sources' own counts without loading anything, over a
/// range of days or the window a run would check, prints a line per source and each difference, and raises the
/// reconciliation alerts. Exit code 2 when a difference is beyond its tolerance.
/// </summary>
internal static class ReconcileCommand
{
    public static Command Create()
    {
        var source = new Option<string?>("--source") { Description = $"One source or instance (source:instance): {string.Join(", ", SourceModules.Names)}" };
        var from = new Option<DateOnly?>("--from") { Description = "First day to count (yyyy-MM-dd, reporting time zone); without it, the window a run checks" };
        var to = new Option<DateOnly?>("--to") { Description = "Last day to count (default: today)" };
        var command = new Command("reconcile", "Compare what the warehouse holds with the sources' own counts, per object and day, and record it in etl.reconciliation.")
        {
            source, from, to,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync((host, token) =>
            RunAsync(host, parse.GetValue(source), RunCommand.Range(parse.GetValue(from), parse.GetValue(to), host), token), ct));
        return command;
    }

    private static async Task<int> RunAsync(HostConfiguration host, string? only, (DateOnly From, DateOnly To)? range, CancellationToken ct)
    {
        await WarehouseDeployer.RequireDeployedAsync(host.Database, ct);
        var pipeline = new SourcePipeline(host.Database, host.Settings);
        var run = Guid.NewGuid().ToString("N");
        var open = 0;
        foreach (var configured in (only is null ? host.SourceInstances : host.SelectInstances(only)).Where(i => i.Error is null && i.Enabled))
        {
            using var source = host.CreateSource(configured);
            var summary = await pipeline.ReconcileAsync(source, run, range?.From, range?.To, ct);
            await Console.Out.WriteLineAsync(summary.ToString());
            foreach (var difference in summary.Unreconciled) await Console.Out.WriteLineAsync("  " + ReconciliationSummary.Describe(difference));
            if (!summary.Reconciled) open++;
        }

        await AlertEvaluatorFactory.EvaluateAsync(host, reconciliationOnly: true, ct);
        return open == 0 ? 0 : 2;
    }
}
