using System.CommandLine;
using Warehouse.Deployment;

namespace Warehouse.Jobs.Commands;

internal static class InitCommand
{
    public static Command Create()
    {
        var command = new Command("init", "Create or upgrade the warehouse on the configured engine (idempotent) and recreate its views.");
        command.SetAction((_, ct) => CommandRunner.RunAsync(async (host, token) =>
        {
            await new WarehouseDeployer(host.Database, host.Settings).DeployAsync(token);
            return 0;
        }, ct));
        return command;
    }
}
