using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Serilog;
using Warehouse.Jobs.Host;

namespace Warehouse.Jobs.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var command = new Command("serve", "Run the scheduler: a Hangfire server with its dashboard (/hangfire) and a health endpoint (/health).") { urls };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async (host, token) =>
        {
            await using var app = JobsWebHost.Build(host, parse.GetValue(urls)!);
            await app.StartAsync(token);
            Log.Information("Serving the scheduler on {Urls}: dashboard /hangfire, health /health", parse.GetValue(urls));
            await app.WaitForShutdownAsync(token);
            return 0;
        }, ct));
        return command;
    }
}
