using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Serilog;
using Warehouse.Deployment;
using Warehouse.Jobs.Host;
using Warehouse.Kpis;

namespace Warehouse.Jobs.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls")
        {
            Description = $"Addresses to listen on (else the Urls setting, ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS; default {ListenAddresses.Default})",
        };
        var command = new Command("serve", "Run the scheduler: a Hangfire server with its dashboard (/hangfire), the executive page (/exec), the OData feed (/odata/) and a health endpoint (/health).") { urls };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async (host, token) =>
        {
            var addresses = ListenAddresses.Resolve(parse.GetValue(urls), host.Configuration);
            // The schema is brought up to date before anything reads it, as init does; the deploy lock
            // makes several servers starting together take turns.
            await new WarehouseDeployer(host.Database, host.Settings).DeployAsync(token);
            await KpiTargets.SaveAsync(host.Database, host.Alerts.Thresholds, token);
            await using var app = JobsWebHost.Build(host, addresses);
            await app.StartAsync(token);
            Log.Information("Serving the scheduler on {Urls}: dashboard /hangfire, executive page /exec, OData feed /odata/, health /health", addresses);
            await app.WaitForShutdownAsync(token);
            return 0;
        }, ct));
        return command;
    }
}
