using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http;
using Warehouse.Engines;
using Warehouse.Schema.Dw;
using Warehouse.Tests.Fixtures;
using static Warehouse.Tests.Fixtures.ZendeskRecords;
using static Warehouse.Tests.Helpdesk.HelpdeskScenario;

namespace Warehouse.Tests.Helpdesk;

/// <summary>The Zendesk connector against a local HTTP server, end to end into the ticket facts.</summary>
public sealed class ZendeskConnectorTests(EngineKind engine) : EngineTest(engine)
{
    private ZendeskTestSource desk = null!;

    [SetUp]
    public async Task StartDeskAsync()
    {
        desk = await ZendeskTestSource.StartAsync();
        Fill(desk);
        await DeployAsync();
    }

    [TearDown]
    public async Task StopDeskAsync() => await desk.DisposeAsync();

    private async Task<FactTicket> TicketAsync(string id)
    {
        await using var db = Database.Open();
        return await db.GetTable<FactTicket>().SingleAsync(t => t.TicketId == id);
    }

    [Test]
    public async Task A_reopened_ticket_keeps_its_first_and_last_solve_and_counts_one_reopen()
    {
        await desk.RunAsync(Database, Settings);

        var t2 = await TicketAsync("2");
        Assert.Multiple(() =>
        {
            Assert.That((t2.SolveCount, t2.ReopenCount, t2.PublicAgentReplyCount), Is.EqualTo((2, 1, 2)));
            Assert.That(t2.FirstSolvedAt, Is.EqualTo(At(3, 11)));
            Assert.That(t2.LastSolvedAt, Is.EqualTo(At(4, 10)));
            Assert.That(t2.FirstReplyAt, Is.EqualTo(At(3, 10)));
            Assert.That((t2.FirstReplyMinutes, t2.FirstReplyBusinessMinutes), Is.EqualTo((1080.0, 120.0)));
            Assert.That((t2.FullResolutionMinutes, t2.FullResolutionBusinessMinutes), Is.EqualTo((2520.0, 600.0)));
            Assert.That((t2.FirstResolutionMinutes, t2.FirstResolutionBusinessMinutes), Is.EqualTo((1140.0, 180.0)));
            Assert.That(t2.IsSlaFirstReplyBreached, Is.True);
            Assert.That(t2.SolvedDateKey, Is.EqualTo(20260304));
        });
    }

    [Test]
    public async Task Private_notes_and_the_request_itself_are_not_agent_replies()
    {
        await desk.RunAsync(Database, Settings);

        var t3 = await TicketAsync("3");
        Assert.That((t3.PublicAgentReplyCount, t3.FirstReplyMinutes), Is.EqualTo((2, 20.0)));
        var t5 = await TicketAsync("5");
        Assert.That((t5.PublicAgentReplyCount, t5.FirstReplyAt), Is.EqualTo((0, (DateTime?)null)));
    }

    [Test]
    public async Task Deleted_tickets_stay_in_the_fact_flagged()
    {
        await desk.RunAsync(Database, Settings);

        Assert.That((await TicketAsync("4")).IsDeleted, Is.True);
    }

    [Test]
    public async Task Agents_carry_their_team_and_requesters_become_conformed_customers()
    {
        await desk.RunAsync(Database, Settings);

        await using var db = Database.Open();
        var teams = await db.GetTable<DimAgent>().Where(a => a.AgentKey > 0).OrderBy(a => a.AgentName).Select(a => a.AgentName + ":" + a.Team).ToListAsync();
        Assert.That(teams, Is.EqualTo(new[] { "Ana:Tier 1", "Ben:Tier 2" }));
        var t1 = await TicketAsync("1");
        var customer = await db.GetTable<DimCustomer>().SingleAsync(c => c.CustomerKey == t1.CustomerKey);
        Assert.That(customer.CustomerId, Is.EqualTo(Warehouse.Etl.Sources.CustomerIdentity.Hash("A@Example.com ")));
    }

    [Test]
    public async Task A_second_run_reads_only_changed_tickets_and_a_deleted_ticket_leaves_the_kpis()
    {
        await desk.RunAsync(Database, Settings);
        var before = await Warehouse.Kpis.KpiReader.ReadAsync(Database, code: "avg_resolution_time");
        desk.Tickets[0] = Ticket(1, At(2, 9), At(6, 9), "deleted", "normal", "email", 200, 100, 1);
        desk.Server.Requests.Clear();

        var second = await desk.RunAsync(Database, Settings);

        Assert.That(second.Loads.Single(l => l.Stream == "tickets").Read, Is.EqualTo(1));
        Assert.That(desk.Server.Requests.Single(r => r.Contains("incremental/tickets", StringComparison.Ordinal)), Does.Contain("cursor="));
        // Only the newest audit, exactly at the watermark, is read again (the boundary is inclusive; events are keyed by id).
        Assert.That(second.Loads.Single(l => l.Stream == "ticket_audits").Read, Is.EqualTo(1));
        var after = await Warehouse.Kpis.KpiReader.ReadAsync(Database, code: "avg_resolution_time");
        Assert.That(before.Single(v => v.PeriodStart == new DateOnly(2026, 3, 1)).Denominator, Is.EqualTo(3));
        var march = after.Single(v => v.PeriodStart == new DateOnly(2026, 3, 1));
        Assert.That((march.Numerator, march.Denominator, march.Value), Is.EqualTo(((double?)45, (double?)2, (double?)22.5)));
    }

    [Test]
    public async Task Export_and_audit_pages_are_followed_and_a_429_waits_for_Retry_After()
    {
        desk.Server.ZendeskExportPageSize = 2;
        var usersCalls = new List<DateTime>();
        desk.Server.Fault = async (context, _) =>
        {
            if (!context.Request.Path.Value!.Contains("incremental/users", StringComparison.Ordinal)) return false;
            usersCalls.Add(DateTime.UtcNow);
            if (usersCalls.Count > 1) return false;
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsync("rate limited");
            return true;
        };

        var result = await desk.RunAsync(Database, Settings);

        Assert.That(desk.Server.Requests.Count(r => r.Contains("incremental/tickets", StringComparison.Ordinal)), Is.EqualTo(3), "5 tickets in pages of 2");
        Assert.That(result.Loads.Single(l => l.Stream == "tickets").Landed, Is.EqualTo(5));
        Assert.That(result.Loads.Single(l => l.Stream == "ticket_audits").Landed, Is.EqualTo(desk.Audits.Count));
        Assert.That(usersCalls, Has.Count.EqualTo(3), "one 429, then two pages of users");
        Assert.That((usersCalls[1] - usersCalls[0]).TotalSeconds, Is.GreaterThanOrEqualTo(0.9));
    }
}
