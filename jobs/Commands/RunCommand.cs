using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Serilog;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;

namespace Warehouse.Jobs.Commands;

internal static class RunCommand
{
    public static Command Create()
    {
        var source = new Option<string?>("--source") { Description = $"Run one source only: {string.Join(", ", SourceNames.All)}" };
        var command = new Command("run", "Extract, land and transform the enabled sources (the KPI views read the result at once).") { source };
        command.SetAction((parse, ct) => CommandRunner.RunAsync((host, token) => RunAsync(host, parse.GetValue(source), token), ct));
        return command;
    }

    /// <summary>Runs each enabled source; a failing source is reported and the others still run.</summary>
    public static async Task<int> RunAsync(HostConfiguration host, string? only, CancellationToken ct)
    {
        var names = only is null ? SourceNames.All : [SourceNames.Canonical(only)];
        var pipeline = new SourcePipeline(host.Database, host.Settings, host.SourceSettings);
        var failures = 0;
        foreach (var name in names)
        {
            var settings = host.SourceSettings(name);
            if (!settings.Enabled)
            {
                Log.Information("Source {Source} is disabled (Sources:{Source}:Enabled)", name, name);
                continue;
            }

            try
            {
                using var source = SourceFactory.Create(name, settings, host.Database);
                await pipeline.RunAsync(source, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures++;
                Log.Error(ex, "Source {Source} failed: {Message}", name, ex.Message);
            }
        }

        return failures == 0 ? 0 : 1;
    }
}
