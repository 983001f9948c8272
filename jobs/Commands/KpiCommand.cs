using System.CommandLine;
using Warehouse.Deployment;
using Warehouse.Kpis;

namespace Warehouse.Jobs.Commands;

internal static class KpiCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format", "-f") { Description = "table (latest period per KPI), csv or json (every period)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var grain = new Option<string>("--grain", "-g") { Description = "month, week, day or persian_month (Warehouse:Calendar = persian)", DefaultValueFactory = _ => "month" };
        grain.AcceptOnlyFromAmong("month", "week", "day", "persian_month");
        var slice = new Option<string>("--slice", "-s") { Description = "slice to show (all = totals; * = every slice)", DefaultValueFactory = _ => KpiSlice.AllCode };
        var command = new Command("kpi", "Print the KPI values from the warehouse's KPI views.") { format, grain, slice };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async (host, token) =>
        {
            await WarehouseDeployer.RequireDeployedAsync(host.Database, token);
            if (parse.GetValue(grain) == "persian_month" && host.Settings.Calendar != CalendarKind.Persian)
            {
                throw new InvalidOperationException("--grain persian_month needs Warehouse:Calendar=persian (set it, then run `init` and `run`, which compute the Persian months).");
            }

            var sliceName = parse.GetValue(slice);
            var values = await KpiReader.ReadAsync(host.Database, parse.GetValue(grain)!, sliceName == "*" ? null : sliceName, ct: token);
            var text = parse.GetValue(format) switch
            {
                "json" => KpiFormatter.Json(values),
                "csv" => KpiFormatter.Csv(values),
                _ => KpiFormatter.Table(KpiCatalogue.All, values),
            };
            await Console.Out.WriteAsync(text);
            return 0;
        }, ct));
        return command;
    }
}
