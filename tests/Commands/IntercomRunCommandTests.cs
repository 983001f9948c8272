using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Schema.Dw;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Helpdesk;

namespace Warehouse.Tests.Commands;

/// <summary>
/// <c>run --source intercom</c> as a user runs it: the built executable against the Intercom simulator on DuckDB and
/// PostgreSQL, twice (the second run changes nothing), then <c>kpi</c> prints the helpdesk KPIs it loaded.
/// </summary>
public sealed class IntercomRunCommandTests(EngineKind engine) : EngineTest(engine)
{
    [Test]
    public async Task Run_source_intercom_loads_the_simulator_and_a_second_run_changes_nothing()
    {
        var folder = Path.Combine(Path.GetTempPath(), "intercom-cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            await using var desk = await IntercomTestSource.StartAsync();
            IntercomScenario.Fill(desk);
            foreach (var (list, records) in new[] { ("teams", desk.Teams), ("admins", desk.Admins), ("contacts", desk.Contacts), ("conversations", desk.Conversations) })
            {
                desk.Server.Intercom[list] = Warehouse.Etl.Simulation.ApiRecordSet.FromJson(records);
            }

            var cli = new WarehouseCli(folder, new Dictionary<string, string>
            {
                ["Warehouse__Engine"] = Database.Engine.ToString(), ["ConnectionStrings__Warehouse"] = Database.ConnectionString,
                ["Warehouse__CalendarStart"] = "2025-01-01", ["Warehouse__CalendarEnd"] = "2026-12-31",
                ["Sources__Intercom__BaseUrl"] = desk.Server.BaseAddress.ToString(), ["Sources__Intercom__Token"] = "cli-secret-token", ["Sources__Intercom__Http__RequestsPerSecond"] = "1000",
            });
            Assert.That((await cli.RunAsync("init")).ExitCode, Is.Zero);

            var first = await cli.RunAsync("run", "--source", "intercom");
            Assert.That(first.ExitCode, Is.Zero, first.Stderr);
            Assert.That(first.Stderr, Does.Contain("Intercom run done"));
            Assert.That(first.Stdout + first.Stderr, Does.Not.Contain("cli-secret-token"), "the token is never logged");
            var tickets = await TableDump.ReadAsync(Database, "dw.fact_ticket");
            var events = await TableDump.ReadAsync(Database, "dw.fact_ticket_event");

            var second = await cli.RunAsync("run", "--source", "intercom");
            Assert.That(second.ExitCode, Is.Zero, second.Stderr);
            Assert.That((await TableDump.ReadAsync(Database, "dw.fact_ticket"), await TableDump.ReadAsync(Database, "dw.fact_ticket_event")), Is.EqualTo((tickets, events)));
            await using (var db = Database.Open())
            {
                Assert.That(await db.GetTable<FactTicket>().CountAsync(t => t.TicketId.StartsWith("intercom:")), Is.EqualTo(4));
            }

            var kpi = await cli.RunAsync("kpi", "--format", "csv");
            Assert.That(kpi.ExitCode, Is.Zero, kpi.Stderr);
            // March 2026: CSAT 1 satisfied of 2 ratings; first reply 1130 minutes over 3 conversations.
            Assert.That(kpi.Stdout, Does.Contain("csat,month,2026-03-01,all,All,1,2,50"));
            Assert.That(kpi.Stdout, Does.Contain("first_reply_time,month,2026-03-01,all,All,1130,3,376.6"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
