using System.CommandLine;
using Serilog;
using Warehouse.Deployment;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;

namespace Warehouse.Jobs.Commands;

internal static class RunCommand
{
    public static Command Create()
    {
        var source = new Option<string?>("--source")
        {
            Description = $"Run one source (every instance of it) or one instance (source:instance): {string.Join(", ", SourceModules.Names)}",
        };
        var command = new Command("run", "Extract, land and transform the enabled sources (the KPI views read the result at once).") { source };
        command.SetAction((parse, ct) => CommandRunner.RunAsync((host, token) => RunAsync(host, parse.GetValue(source), token), ct));
        return command;
    }

    /// <summary>Runs each enabled source instance; a failing or misconfigured instance is reported and the others still run.</summary>
    public static async Task<int> RunAsync(HostConfiguration host, string? only, CancellationToken ct)
    {
        await WarehouseDeployer.RequireDeployedAsync(host.Database, ct);
        var instances = only is null ? host.SourceInstances : host.SelectInstances(only);
        var pipeline = new SourcePipeline(host.Database, host.Settings);
        var failures = 0;
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
                await pipeline.RunAsync(source, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures++;
                if (CommandRunner.Verbose) Log.Error(ex, "Source {Source} failed: {Message}", name, ex.Message);
                else Log.Error("Source {Source} failed: {Message}", name, ex.Message);
            }
        }

        return failures == 0 ? 0 : 1;
    }
}
