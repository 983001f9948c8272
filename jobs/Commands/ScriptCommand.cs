using System.CommandLine;
using Serilog;
using Warehouse.Deployment;
using Warehouse.Engines;

namespace Warehouse.Jobs.Commands;

internal static class ScriptCommand
{
    public static Command Create()
    {
        var engine = new Option<EngineKind>("--engine", "-e") { Description = "duckdb, postgresql or sqlserver", Required = true };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the script to this file instead of standard output." };
        var command = new Command("script", "Print the complete deploy script for an engine without connecting to a server (T-SQL batches separated by GO).")
        {
            engine, output,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async (host, token) =>
        {
            var script = DeployScript.Render(SqlDialect.For(parse.GetValue(engine)), host.Settings);
            var file = parse.GetValue(output);
            if (file is null)
            {
                await Console.Out.WriteAsync(script);
            }
            else
            {
                await File.WriteAllTextAsync(file.FullName, script, token);
                Log.Information("Wrote the {Engine} deploy script to {File}", parse.GetValue(engine), file.FullName);
            }

            return 0;
        }, ct));
        return command;
    }
}
