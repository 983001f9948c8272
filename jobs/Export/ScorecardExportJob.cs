using System.ComponentModel;
using Microsoft.Extensions.Configuration;
using Serilog;
using Warehouse.Kpis.Text;

namespace Warehouse.Jobs.Export;

/// <summary>
/// The scheduled export (recurring job <c>export-scorecard</c>, <c>Export:Cron</c> in <c>Export:TimeZone</c>):
/// writes the scorecard workbook of the day into <c>Export:Folder</c>, replacing that day's earlier file.
/// </summary>
public sealed class ScorecardExportJob(HostConfiguration host)
{
    public const string RecurringId = "export-scorecard";

    public string Folder => host.Configuration["Export:Folder"] is { Length: > 0 } folder ? folder : Path.Combine("data", "exports");

    [DisplayName("Export the KPI scorecard workbook")]
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var path = await ScorecardWorkbook.WriteAsync(host.Database, Folder, DateOnly.FromDateTime(DateTime.UtcNow), KpiText.Culture(host.Configuration.GetValue<string>("Exec:Culture")), ct);
        Log.Information("Wrote the KPI scorecard workbook {Path}", path);
        return path;
    }
}
