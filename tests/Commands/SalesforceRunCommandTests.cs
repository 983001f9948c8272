using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Schema.Dw;
using Warehouse.Tests.Crm;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Commands;

/// <summary>
/// <c>run --source salesforce</c> as a user runs it: the built executable against the Salesforce simulator on DuckDB and
/// PostgreSQL, twice (the second run changes nothing), then <c>kpi</c> prints the CRM KPIs it loaded.
/// </summary>
public sealed class SalesforceRunCommandTests(EngineKind engine) : EngineTest(engine)
{
    [Test]
    public async Task Run_source_salesforce_loads_the_simulator_and_a_second_run_changes_nothing()
    {
        var folder = Path.Combine(Path.GetTempPath(), "salesforce-cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            await using var org = await SalesforceTestSource.StartAsync();
            SalesforceConnectorTests.Fill(org);
            foreach (var (name, records) in org.Objects) org.Simulator.Records[name] = Warehouse.Etl.Simulation.ApiRecordSet.FromJson(records, "SystemModstamp");

            var cli = new WarehouseCli(folder, new Dictionary<string, string>
            {
                ["Warehouse__Engine"] = Database.Engine.ToString(), ["ConnectionStrings__Warehouse"] = Database.ConnectionString,
                ["Warehouse__CalendarStart"] = "2025-01-01", ["Warehouse__CalendarEnd"] = "2026-12-31",
                ["Sources__Salesforce__BaseUrl"] = org.Server.BaseAddress.ToString(), ["Sources__Salesforce__Token"] = "cli-secret-token", ["Sources__Salesforce__Http__RequestsPerSecond"] = "1000",
            });
            Assert.That((await cli.RunAsync("init")).ExitCode, Is.Zero);

            var first = await cli.RunAsync("run", "--source", "salesforce");
            Assert.That(first.ExitCode, Is.Zero, first.Stderr);
            Assert.That(first.Stderr, Does.Contain("Salesforce run done"));
            Assert.That(first.Stdout + first.Stderr, Does.Not.Contain("cli-secret-token"), "the token is never logged");
            var funnel = await TableDump.ReadAsync(Database, "dw.fact_lead_funnel");
            var opportunities = await TableDump.ReadAsync(Database, "dw.fact_opportunity");

            var second = await cli.RunAsync("run", "--source", "salesforce");
            Assert.That(second.ExitCode, Is.Zero, second.Stderr);
            Assert.That((await TableDump.ReadAsync(Database, "dw.fact_lead_funnel"), await TableDump.ReadAsync(Database, "dw.fact_opportunity")), Is.EqualTo((funnel, opportunities)));
            await using (var db = Database.Open())
            {
                Assert.That(await db.GetTable<FactOpportunity>().CountAsync(o => o.DealId.StartsWith("006")), Is.EqualTo(4));
            }

            var kpi = await cli.RunAsync("kpi", "--format", "csv");
            Assert.That(kpi.ExitCode, Is.Zero, kpi.Stderr);
            // March 2026: 3 of 5 leads reached an opportunity; 1 of 2 closed opportunities won (the deleted one left out).
            Assert.That(kpi.Stdout, Does.Contain("lead_to_opportunity,month,2026-03-01,all,All,3,5,60"));
            Assert.That(kpi.Stdout, Does.Contain("win_rate,month,2026-03-01,all,All,1,2,50"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
