using System.CommandLine;
using Warehouse.Deployment;
using Serilog;
using Warehouse.Kpis;

namespace Warehouse.Jobs.Commands;

internal static class InitCommand
{
    public static Command Create()
    {
        var command = new Command("init", "Create or upgrade the warehouse on the configured engine (idempotent) and recreate its views; store the KPI targets of Alerts:Thresholds (when it names any).");
        command.SetAction((_, ct) => CommandRunner.RunAsync(async (host, token) =>
        {
            await new WarehouseDeployer(host.Database, host.Settings).DeployAsync(token);
            var targets = await KpiTargets.SaveAsync(host.Database, host.Alerts.Thresholds, token);
            Log.Information(targets is { } count ? "Stored {Count} KPI targets from Alerts:Thresholds" : "No Alerts:Thresholds configured: the warehouse keeps its KPI targets", targets);
            return 0;
        }, ct));
        return command;
    }
}
