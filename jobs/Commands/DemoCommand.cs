using Warehouse.Etl.Simulation;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Serilog;
using Warehouse.Deployment;
using Warehouse.Etl.Demo;
using Warehouse.Jobs.Demo;
using Warehouse.Kpis;

namespace Warehouse.Jobs.Commands;

/// <summary>
/// The whole product on one machine: generates the deterministic demo data set in the sources' own
/// shapes, serves the API sources on a loopback server, drops the files, builds the warehouse through
/// the real connectors and prints the KPI table. Nothing leaves the machine.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Example targets, so that the demo's scorecard shows statuses (a real install sets Alerts:Thresholds).</summary>
    private static readonly (string Kpi, double Target, double Warning, double Critical)[] Targets =
    [
        ("nps", 40, 30, 10), ("csat", 85, 80, 70), ("ces", 5.5, 5, 4), ("churn_rate", 5, 8, 12), ("retention_rate", 90, 85, 75),
        ("cart_abandonment", 65, 75, 85), ("aov", 120, 90, 60), ("first_reply_time", 240, 480, 1440), ("sla_breach_rate", 5, 10, 20),
        ("visitor_conversion", 3, 2, 1), ("campaign_roi", 2, 1, 0), ("enps", 30, 10, 0),
    ];

    private static IEnumerable<KeyValuePair<string, string?>> DemoTargets => Targets.SelectMany((t, i) => new KeyValuePair<string, string?>[]
    {
        new($"Alerts:Thresholds:{i}:Kpi", t.Kpi),
        new($"Alerts:Thresholds:{i}:Target", t.Target.ToString(CultureInfo.InvariantCulture)),
        new($"Alerts:Thresholds:{i}:Warning", t.Warning.ToString(CultureInfo.InvariantCulture)),
        new($"Alerts:Thresholds:{i}:Critical", t.Critical.ToString(CultureInfo.InvariantCulture)),
    });

    public static Command Create()
    {
        var scale = new Option<double>("--scale") { Description = "Size of the data set (1.0 = about 100,000 orders)", DefaultValueFactory = _ => 0.05 };
        var helpdesk = new Option<string>("--helpdesk") { Description = "The helpdesk the demo's tickets come through: zendesk or intercom", DefaultValueFactory = _ => "zendesk" };
        helpdesk.AcceptOnlyFromAmong("zendesk", "intercom");
        var crm = new Option<string>("--crm") { Description = "The CRM the demo's leads and deals come through: hubspot or salesforce", DefaultValueFactory = _ => "hubspot" };
        crm.AcceptOnlyFromAmong("hubspot", "salesforce");
        var command = new Command("demo", "Generate demo data, build the embedded warehouse from it through the connectors, and print the KPIs.") { scale, helpdesk, crm };
        command.SetAction((parse, ct) => CommandRunner.RunAsync((host, token) => RunAsync(host, parse.GetValue(scale), token, parse.GetValue(helpdesk) ?? "zendesk", parse.GetValue(crm) ?? "hubspot"), ct));
        return command;
    }

    internal static async Task<int> RunAsync(HostConfiguration host, double scale, CancellationToken ct, string helpdesk = "zendesk", string crm = "hubspot")
    {
        var intercom = helpdesk == "intercom";
        var salesforce = crm == "salesforce";
        var clock = Stopwatch.StartNew();
        var root = Path.GetFullPath(host.Configuration["Demo:Root"] ?? "data/demo");
        Log.Information("Generating the demo data set (scale {Scale}) in {Root}", scale, root);
        var summary = await DemoDataSet.WriteAsync(root, new DemoOptions { Scale = scale }, new Progress<string>(m => Log.Information("  {Progress}", m)), ct);
        Log.Information("Generated {Records:N0} records in {Streams} streams", summary.RecordsPerStream.Values.Sum(), summary.RecordsPerStream.Count);

        await using var server = await StartApiAsync(root, ct);
        Log.Information("Serving the Shopify, {Helpdesk} and {Crm} API shapes on {Address}", intercom ? "Intercom" : "Zendesk", salesforce ? "Salesforce" : "HubSpot", server.BaseAddress);
        // On top of the caller's configuration: the warehouse it names is the one the demo builds.
        var demo = new HostConfiguration(new ConfigurationBuilder().AddConfiguration(host.Configuration).AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sources:Shopify:BaseUrl"] = server.BaseAddress.ToString(),
            ["Sources:Shopify:Token"] = "demo-token",
            ["Sources:Shopify:Http:RequestsPerSecond"] = "1000",
            ["Sources:Zendesk:BaseUrl"] = server.BaseAddress.ToString(),
            ["Sources:Zendesk:Token"] = "demo-token",
            ["Sources:Zendesk:Http:RequestsPerSecond"] = "1000",
            // The demo's tickets come through one helpdesk: the other is off.
            ["Sources:Intercom:Enabled"] = intercom ? "true" : "false",
            ["Sources:Intercom:BaseUrl"] = server.BaseAddress.ToString(),
            ["Sources:Intercom:Token"] = "demo-token",
            ["Sources:Intercom:Http:RequestsPerSecond"] = "1000",
            ["Sources:HubSpot:BaseUrl"] = server.BaseAddress.ToString(),
            ["Sources:HubSpot:Token"] = "demo-token",
            ["Sources:HubSpot:Http:RequestsPerSecond"] = "1000",
            // Likewise one CRM.
            ["Sources:Salesforce:Enabled"] = salesforce ? "true" : "false",
            ["Sources:Salesforce:BaseUrl"] = server.BaseAddress.ToString(),
            ["Sources:Salesforce:Token"] = "demo-token",
            ["Sources:Salesforce:Http:RequestsPerSecond"] = "1000",
            ["Sources:Files:Root"] = Path.Combine(root, "files"),
        }.Concat(DemoTargets).Concat(intercom ? [new("Sources:Zendesk:Enabled", "false")] : []).Concat(salesforce ? [new("Sources:HubSpot:Enabled", "false")] : [])).Build());

        await new WarehouseDeployer(demo.Database, demo.Settings).DeployAsync(ct);
        await KpiTargets.SaveAsync(demo.Database, demo.Alerts.Thresholds, ct);
        var status = await RunCommand.RunAsync(demo, null, ct);
        var values = await KpiReader.ReadAsync(demo.Database, ct: ct);
        await Console.Out.WriteAsync(KpiFormatter.Table(KpiCatalogue.All, values));
        Log.Information("Demo finished in {Seconds} s; warehouse: {Warehouse}", clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture), demo.Database.Engine);
        return status;
    }

    /// <summary>Serves the generated API files of a demo data set on a loopback server, as the services would.</summary>
    internal static async Task<LoopbackApiServer> StartApiAsync(string root, CancellationToken ct)
    {
        var server = await LoopbackApiServer.StartAsync(ct);
        foreach (var resource in new[] { "customers", "products", "orders", "checkouts" })
        {
            server.Shopify[resource] = ApiRecordSet.FromJsonLines(Path.Combine(root, "api", "shopify", resource + ".jsonl"));
        }

        foreach (var (resource, orderedBy) in new[] { ("tickets", "updated_at"), ("users", "updated_at"), ("ticket_audits", "created_at"), ("groups", "updated_at"), ("satisfaction_ratings", "updated_at"), ("sla_policies", "updated_at") })
        {
            server.Zendesk[resource] = ApiRecordSet.FromJsonLines(Path.Combine(root, "api", "zendesk", resource + ".jsonl"), orderedBy);
        }

        foreach (var list in new[] { "teams", "admins", "contacts", "conversations" })
        {
            server.Intercom[list] = ApiRecordSet.FromJsonLines(Path.Combine(root, "api", "intercom", list + ".jsonl"));
        }

        foreach (var type in new[] { "contacts", "companies", "deals", "owners" })
        {
            var file = Path.Combine(root, "api", "hubspot", type + ".jsonl");
            server.HubSpot[type] = ApiRecordSet.FromJsonLines(file, "updatedAt", line => !line.Contains("\"archived\":true", StringComparison.Ordinal));
            server.HubSpot[type + "_archived"] = ApiRecordSet.FromJsonLines(file, "updatedAt", line => line.Contains("\"archived\":true", StringComparison.Ordinal));
        }

        foreach (var type in new[] { "User", "Account", "Lead", "Contact", "Opportunity" })
        {
            server.Salesforce.Records[type] = ApiRecordSet.FromJsonLines(Path.Combine(root, "api", "salesforce", type + ".jsonl"), "SystemModstamp");
        }

        return server;
    }
}
