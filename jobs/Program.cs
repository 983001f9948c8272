using System.CommandLine;
using Warehouse.Jobs.Bench;
using Warehouse.Jobs.Commands;

var root = new RootCommand("CX data warehouse: extracts the shop, helpdesk, CRM and file drops into a star schema and publishes the KPI catalogue.")
{
    InitCommand.Create(),
    RunCommand.Create(),
    ReconcileCommand.Create(),
    KpiCommand.Create(),
    ScriptCommand.Create(),
    DemoCommand.Create(),
    ServeCommand.Create(),
    ExportCommand.Create(),
    QuarantineCommand.Create(),
    DemoApiCommand.Create(),
    BenchCommand.Create(),
    PowerBiCommand.Create(),
};
var verbose = new Option<bool>("--verbose") { Description = "On failure, print the full error with its .NET stack trace", Recursive = true };
root.Options.Add(verbose);
var parsed = root.Parse(args);
CommandRunner.Verbose = parsed.GetValue(verbose);
return await parsed.InvokeAsync();
