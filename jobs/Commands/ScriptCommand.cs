using System.CommandLine;
using Serilog;
using Warehouse.Deployment;
using Warehouse.Engines;

namespace Warehouse.Jobs.Commands;

internal static class ScriptCommand
{
    public static Command Create()
    {
        var engine = new Option<EngineKind>("--engine", "-e") { Description = "duckdb, postgresql, sqlserver, synapse or fabric", Required = true };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the script to this file instead of standard output." };
        var readerRole = new Option<string?>("--reader-role")
        {
            Description = "Print instead the script of a role that can read the bi, kpi and exec views and nothing else (PostgreSQL, SQL Server).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => null,
        };
        var command = new Command("script", "Print the complete deploy script for an engine without connecting to a server (T-SQL batches separated by GO).")
        {
            engine, output, readerRole,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async (host, token) =>
        {
            var dialect = SqlDialect.For(parse.GetValue(engine));
            // An option with a default value has a result even when absent: only a token on the command line asks for the role.
            var script = parse.GetResult(readerRole) is not { Implicit: false }
                ? DeployScript.Render(dialect, host.Settings)
                : ReaderRoleScript.Render(dialect, parse.GetValue(readerRole) ?? ReaderRoleScript.DefaultRole);
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
