using System.CommandLine;
using Serilog;

namespace Warehouse.Jobs.Commands;

/// <summary>
/// Serves a generated demo data set's Shopify, Zendesk and HubSpot API shapes on a loopback address until
/// stopped; prints the address as the first line of standard output. The benchmark runs it as a separate
/// process, so that the pipeline's memory is measured alone.
/// </summary>
internal static class DemoApiCommand
{
    public static Command Create()
    {
        var root = new Option<DirectoryInfo>("--root") { Description = "Folder of a data set written by demo or bench", Required = true };
        var command = new Command("demo-api", "Serve the API files of a demo data set on a loopback address until stopped.") { root };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async (_, token) =>
        {
            await using var server = await DemoCommand.StartApiAsync(parse.GetValue(root)!.FullName, token);
            await Console.Out.WriteLineAsync(server.BaseAddress.ToString());
            await Console.Out.FlushAsync(token);
            Log.Information("Serving the demo API shapes on {Address}", server.BaseAddress);
            try { await Task.Delay(Timeout.Infinite, token); }
            catch (OperationCanceledException) { }
            return 0;
        }, ct));
        return command;
    }
}
