using System.CommandLine;
using Warehouse.Jobs.Export;

namespace Warehouse.Jobs.Commands;

internal static class ExportCommand
{
    public static Command Create()
    {
        var folder = new Option<DirectoryInfo?>("--folder", "-f") { Description = "Where to write the workbook (default: Export:Folder, else data/exports)." };
        var command = new Command("export", "Write the executive scorecard and 13-month trends to an .xlsx workbook, one sheet per area.") { folder };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async (host, token) =>
        {
            var target = parse.GetValue(folder)?.FullName ?? new ScorecardExportJob(host).Folder;
            await ScorecardWorkbook.WriteAsync(host.Database, target, DateOnly.FromDateTime(DateTime.UtcNow), token);
            return 0;
        }, ct));
        return command;
    }
}
