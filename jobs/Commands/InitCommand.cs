using System.CommandLine;
using Warehouse.Deployment;
using Warehouse.Kpis;

namespace Warehouse.Jobs.Commands;

internal static class InitCommand
{
    public static Command Create()
    {
        var command = new Command("init", "Create or upgrade the warehouse on the configured engine (idempotent) and recreate its views; store the KPI targets of Alerts:Thresholds.");
        command.SetAction((_, ct) => CommandRunner.RunAsync(async (host, token) =>
        {
            await new WarehouseDeployer(host.Database, host.Settings).DeployAsync(token);
            await KpiTargets.SaveAsync(host.Database, host.Alerts.Thresholds, token);
            return 0;
        }, ct));
        return command;
    }
}
