using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Warehouse.Deployment;
using Warehouse.Jobs.Export;
using Warehouse.Kpis.Text;

namespace Warehouse.Jobs.Commands;

internal static class ExportCommand
{
    public static Command Create()
    {
        var folder = new Option<DirectoryInfo?>("--folder", "-f") { Description = "Where to write (default: Export:Folder, else data/exports)." };
        var format = new Option<string>("--format")
        {
            Description = "xlsx: the executive scorecard and 13-month trends, one sheet per area; parquet: every bi view and the KPI results as Parquet, facts by month, with a manifest",
            DefaultValueFactory = _ => "xlsx",
        };
        format.AcceptOnlyFromAmong("xlsx", "parquet");
        var command = new Command("export", "Write the executive scorecard to an .xlsx workbook, or the star as Parquet files for a lakehouse.") { folder, format };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async (host, token) =>
        {
            await WarehouseDeployer.RequireDeployedAsync(host.Database, token);
            var target = parse.GetValue(folder)?.FullName ?? new ScorecardExportJob(host).Folder;
            if (parse.GetValue(format) == "parquet")
            {
                var manifest = await ParquetExport.WriteAsync(host.Database, target, token);
                Console.WriteLine($"Wrote {manifest.Tables.Count} tables ({manifest.Tables.Sum(t => t.Rows):N0} rows, {manifest.Tables.Sum(t => t.Files.Count)} Parquet files) " +
                                  $"and {ParquetExport.ManifestName} to {target}");
                return 0;
            }

            var file = await ScorecardWorkbook.WriteAsync(host.Database, target, DateOnly.FromDateTime(DateTime.UtcNow), KpiText.Culture(host.Configuration.GetValue<string>("Exec:Culture")), token);
            Console.WriteLine($"Wrote {file}");
            return 0;
        }, ct));
        return command;
    }
}
