using System.Globalization;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Microsoft.AspNetCore.Http;
using Warehouse.Engines;
using Warehouse.Schema.Dw;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Kpis;
using static Warehouse.Tests.Fixtures.IntercomRecords;
using static Warehouse.Tests.Helpdesk.IntercomScenario;

namespace Warehouse.Tests.Helpdesk;

/// <summary>
/// The Intercom connector against its simulator, end to end into the helpdesk facts and KPIs, with every figure
/// worked out by hand from <see cref="IntercomScenario"/>.
/// </summary>
public sealed class IntercomConnectorTests(EngineKind engine) : KpiTestBase(engine)
{
    private static readonly DateOnly March = new(2026, 3, 1);
    private IntercomTestSource desk = null!;

    [SetUp]
    public async Task StartDeskAsync()
    {
        desk = await IntercomTestSource.StartAsync();
        await DeployAsync();
    }

    [TearDown]
    public async Task StopDeskAsync() => await desk.DisposeAsync();

    private async Task<FactTicket> TicketAsync(long id)
    {
        await using var db = Database.Open();
        var key = "intercom:" + id.ToString(CultureInfo.InvariantCulture);
        return await db.GetTable<FactTicket>().SingleAsync(t => t.TicketId == key);
    }

    private async Task<double?> ExtraAsync(string view, string column)
    {
        await using var db = Database.Open();
        var values = await db.QueryToListAsync(r => r.IsDBNull(0) ? (double?)null : Convert.ToDouble(r.GetValue(0), CultureInfo.InvariantCulture),
            $"SELECT {column} FROM kpi.{view} WHERE grain = 'month' AND slice_name = 'all'");
        return values.Single();
    }

    [Test]
    public async Task A_reopened_and_reclosed_conversation_has_two_solves_one_reopen_and_its_business_minutes()
    {
        Fill(desk);
        await desk.RunAsync(Database, Settings);

        var c2 = await TicketAsync(1002);
        Assert.Multiple(() =>
        {
            Assert.That((c2.SolveCount, c2.ReopenCount, c2.PublicAgentReplyCount), Is.EqualTo((2, 1, 2)), "a close of a closed conversation changes nothing; the customer's reply reopens it");
            Assert.That((c2.FirstReplyAt, c2.FirstSolvedAt, c2.LastSolvedAt), Is.EqualTo(((DateTime?)At(3, 10), (DateTime?)At(3, 11), (DateTime?)At(4, 10))));
            Assert.That((c2.FirstReplyMinutes, c2.FirstReplyBusinessMinutes), Is.EqualTo(((double?)1080.0, (double?)120.0)));
            Assert.That((c2.FirstResolutionMinutes, c2.FirstResolutionBusinessMinutes), Is.EqualTo(((double?)1140.0, (double?)180.0)));
            Assert.That((c2.FullResolutionMinutes, c2.FullResolutionBusinessMinutes), Is.EqualTo(((double?)2520.0, (double?)600.0)));
            Assert.That(c2.SolvedDateKey, Is.EqualTo(20260304));
        });
        var c1 = await TicketAsync(1001);
        Assert.That((c1.PublicAgentReplyCount, c1.FirstReplyMinutes), Is.EqualTo((1, (double?)30.0)), "Fin's answer at 09:05 is a bot's, not an agent's");
        var c5 = await TicketAsync(1005);
        Assert.That((c5.PublicAgentReplyCount, c5.FirstReplyAt, c5.SolvedDateKey), Is.EqualTo((0, (DateTime?)null, -1)));
    }

    [Test]
    public async Task Admins_carry_their_team_and_contacts_become_conformed_customers()
    {
        Fill(desk);
        await desk.RunAsync(Database, Settings);

        await using var db = Database.Open();
        var agents = await db.GetTable<DimAgent>().Where(a => a.AgentKey > 0).OrderBy(a => a.AgentName).Select(a => a.AgentName + ":" + a.Team).ToListAsync();
        Assert.That(agents, Is.EqualTo(new[] { "Ana:Tier 1", "Ben:Tier 2" }));
        var map = await db.GetTable<CustomerSourceMap>().Where(m => m.SourceSystem == "intercom").OrderBy(m => m.SourceCustomerId).Select(m => m.SourceCustomerId + "=" + m.CustomerId).ToListAsync();
        Assert.That(map, Is.EqualTo(new[]
        {
            "c200=" + Warehouse.Etl.Sources.CustomerIdentity.Hash("a@example.com"), "c201=" + Warehouse.Etl.Sources.CustomerIdentity.Hash("lead@example.com"),
        }), "the e-mail trimmed and lower-cased, as every source's");
        var c1 = await TicketAsync(1001);
        Assert.That(c1.CustomerKey, Is.GreaterThan(0));
        Assert.That(c1.GroupName, Is.EqualTo("Tier 1"));
    }

    [Test]
    public async Task Companies_are_scrolled_one_page_at_a_time_into_the_company_dimension()
    {
        Fill(desk);
        desk.Server.Simulator<Warehouse.Etl.Sources.Intercom.IntercomSimulator>().ScrollPageSize = 2;

        var first = await desk.RunAsync(Database, Settings);
        var second = await desk.RunAsync(Database, Settings);

        // Two pages of companies, then the empty page that ends the scroll; each run scrolls the whole list again.
        Assert.That(desk.Server.Requests.Count(r => r.StartsWith("/companies/scroll", StringComparison.Ordinal)), Is.EqualTo(6));
        Assert.That(desk.Server.Requests.Count(r => r.StartsWith("/companies/scroll?scroll_param=", StringComparison.Ordinal)), Is.EqualTo(4));
        Assert.That((first.Loads.Single(l => l.Stream == "companies").Landed, second.Loads.Single(l => l.Stream == "companies").Landed), Is.EqualTo((3L, 3L)));
        await using var db = Database.Open();
        var companies = await db.GetTable<DimCompany>().Where(c => c.CompanyKey > 0).OrderBy(c => c.CompanyName).Select(c => c.CompanyId + "|" + c.CompanyName + "|" + (c.Domain ?? "")).ToListAsync();
        Assert.That(companies, Is.EqualTo(new[] { "intercom:6762f0971bb69f9f2193bb2b|Acme Corp|acme.example", "intercom:6762f0971bb69f9f2193bb2c|Globex|", "intercom:6762f0971bb69f9f2193bb2d|Initech|initech.example" }));
    }

    [Test]
    public async Task The_helpdesk_kpis_come_from_intercom()
    {
        Fill(desk);
        await desk.RunAsync(Database, Settings);

        // Solved in March by the last close: C1 1 h, C2 42 h, C3 3 h (business 1, 10, 3).
        AssertValue(await ValueAsync("avg_resolution_time", March), 46, 3, 46.0 / 3);
        Assert.That(await ExtraAsync("avg_resolution_time", "business_hours_sum"), Is.EqualTo(14.0).Within(1e-9));
        AssertValue(await ValueAsync("avg_resolution_time", March, "team", "Tier 1"), 4, 2, 2);
        // First replies: C1 30, C2 1080 (business 120), C3 20; C5 has none and no value.
        AssertValue(await ValueAsync("first_reply_time", March), 1130, 3, 1130.0 / 3);
        Assert.That(await ExtraAsync("first_reply_time", "business_minutes_sum"), Is.EqualTo(170.0).Within(1e-9));
        // C1 alone was solved with exactly one reply; C2 alone was reopened.
        AssertValue(await ValueAsync("one_touch_resolution", March), 1, 3, 100.0 / 3);
        AssertValue(await ValueAsync("reopen_rate", March), 1, 3, 100.0 / 3);
        AssertValue(await ValueAsync("reopen_rate", March, "priority", "high"), 1, 1, 100);
        // Ratings: C1 5 (satisfied), C2 2 (not); C3 and C5 unrated.
        AssertValue(await ValueAsync("csat", March), 1, 2, 50);
        AssertValue(await ValueAsync("csat", March, "channel", "Email"), 0, 1, 0);
    }

    [Test]
    public async Task Zendesk_and_intercom_together_give_each_kpi_per_instance_and_combined()
    {
        // The Zendesk scenario (default instance) and the Intercom one as the instance "messenger": the same timings, so
        // March has C1-C3 and T1-T3 solved (T4 deleted), with 46 resolution hours on each side.
        await using var zendesk = await ZendeskTestSource.StartAsync();
        HelpdeskScenario.Fill(zendesk);
        await zendesk.RunAsync(Database, Settings);
        Fill(desk);
        desk.Instance = new Warehouse.Etl.Sources.SourceInstance(Warehouse.Etl.Sources.SourceNames.Intercom, "messenger");
        await desk.RunAsync(Database, Settings);

        AssertValue(await ValueAsync("avg_resolution_time", March), 92, 6, 92.0 / 6);
        AssertValue(await ValueAsync("avg_resolution_time", March, "instance", "default"), 46, 3, 46.0 / 3);
        AssertValue(await ValueAsync("avg_resolution_time", March, "instance", "messenger"), 46, 3, 46.0 / 3);
        // CSAT: Zendesk T1 good, T2 bad, T3 good (2 of 3); Intercom C1 5, C2 2 (1 of 2).
        AssertValue(await ValueAsync("csat", March), 3, 5, 60);
        AssertValue(await ValueAsync("reopen_rate", March), 2, 6, 100.0 / 3);
        await using var db = Database.Open();
        Assert.That(await db.GetTable<FactTicket>().CountAsync(t => t.TicketId.StartsWith("intercom:messenger:")), Is.EqualTo(4), "the instance qualifies the conversation ids");
    }

    [Test]
    public async Task A_conversation_rated_again_counts_its_latest_rating_once()
    {
        Fill(desk);
        await desk.RunAsync(Database, Settings);
        desk.Conversations.Clear();
        desk.Teams.Clear();
        desk.Admins.Clear();
        desk.Contacts.Clear();
        Fill(desk, c2Rating: 4);
        // The second rating replaces the first and moves the conversation's updated_at.
        desk.Conversations[1] = desk.Conversations[1].Replace($"\"updated_at\":{Unix(At(4, 11))}", $"\"updated_at\":{Unix(At(5, 9))}", StringComparison.Ordinal);

        await desk.RunAsync(Database, Settings);

        await using var db = Database.Open();
        var ratings = await db.GetTable<FactSatisfactionRating>().Where(r => r.TicketId == "intercom:1002").Select(r => r.Score).ToListAsync();
        Assert.That(ratings, Is.EqualTo(new[] { "4" }));
        AssertValue(await ValueAsync("csat", March), 2, 2, 100);
    }

    [Test]
    public async Task A_second_run_over_the_same_conversations_changes_nothing()
    {
        Fill(desk);
        string[] tables = ["dw.dim_agent", "dw.support_group", "dw.customer_source_map", "dw.fact_ticket", "dw.fact_ticket_event", "dw.fact_satisfaction_rating"];
        await desk.RunAsync(Database, Settings);
        var first = new List<List<string>>();
        foreach (var table in tables) first.Add(await TableDump.ReadAsync(Database, table));
        await using (var db = Database.Open())
        {
            await db.ExecuteAsync("DELETE FROM etl.source_state");
        }

        await desk.RunAsync(Database, Settings);

        for (var i = 0; i < tables.Length; i++) Assert.That(await TableDump.ReadAsync(Database, tables[i]), Is.EqualTo(first[i]), tables[i]);
        Assert.That(first[3], Has.Count.EqualTo(4), "four conversations");
    }

    [Test]
    public async Task A_conversation_past_the_500_part_cap_takes_its_milestones_from_its_statistics()
    {
        // 520 parts: Ana's first reply at 09:30 and the first close at 10:00 are among the 20 oldest, which the API does not return.
        var parts = new List<object> { Part(1, "comment", "admin", "300", At(2, 9, 30)), Part(2, "close", "admin", "300", At(2, 10)), Part(3, "open", "admin", "300", At(2, 10, 5)) };
        parts.AddRange(Enumerable.Range(0, 516).Select(i => Part(100 + i, "note", "admin", "300", At(2, 11).AddSeconds(i))));
        parts.Add(Part(9999, "close", "admin", "300", At(2, 15)));
        var statistics = new
        {
            type = "conversation_statistics", first_admin_reply_at = Unix(At(2, 9, 30)), first_close_at = Unix(At(2, 10)), last_close_at = Unix(At(2, 15)), count_reopens = 1,
            count_assignments = 0, count_conversation_parts = parts.Count + 1,
        };
        desk.Admins.Add(Admin(300, "Ana", 10));
        desk.Conversations.Add(Conversation(2001, At(2, 9), At(2, 15), "closed", "c200", 300, null, [.. parts], statistics: statistics));

        await desk.RunAsync(Database, Settings);

        await using (var db = Database.Open())
        {
            Assert.That(await db.GetTable<FactTicketEvent>().CountAsync(e => e.TicketId == "intercom:2001"), Is.EqualTo(1 + 499 + 1), "the opening, and of the 500 parts returned the 499 notes and the last close");
        }

        var c = await TicketAsync(2001);
        Assert.Multiple(() =>
        {
            Assert.That((c.FirstReplyAt, c.FirstSolvedAt, c.LastSolvedAt), Is.EqualTo(((DateTime?)At(2, 9, 30), (DateTime?)At(2, 10), (DateTime?)At(2, 15))));
            Assert.That((c.SolveCount, c.ReopenCount), Is.EqualTo((2, 1)));
            Assert.That((c.FirstReplyMinutes, c.FullResolutionMinutes, c.SolvedDateKey), Is.EqualTo(((double?)30.0, (double?)360.0, 20260302)));
        });
    }

    [Test]
    public async Task A_429_waits_for_the_rate_limit_reset_and_loses_nothing()
    {
        Fill(desk);
        var searches = new List<DateTime>();
        desk.Server.Fault = async (context, _) =>
        {
            if (context.Request.Path.Value != "/conversations/search") return false;
            searches.Add(DateTime.UtcNow);
            if (searches.Count > 1) return false;
            // "Rate limiting": 429 with X-RateLimit-Remaining 0 and X-RateLimit-Reset, the Unix second the allowance renews.
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers["X-RateLimit-Limit"] = "1000";
            context.Response.Headers["X-RateLimit-Remaining"] = "0";
            context.Response.Headers["X-RateLimit-Reset"] = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2).ToString(CultureInfo.InvariantCulture);
            await context.Response.WriteAsync("""{"type":"error.list","errors":[{"code":"rate_limit_exceeded","message":"Exceeded rate limit"}]}""");
            return true;
        };

        var result = await desk.RunAsync(Database, Settings);

        Assert.That(result.Loads.Single(l => l.Stream == "conversations").Landed, Is.EqualTo(4));
        Assert.That((searches[1] - searches[0]).TotalSeconds, Is.GreaterThanOrEqualTo(1.0), "waited for the reset, not the 20 ms backoff");
    }

    [Test]
    public async Task A_refused_token_fails_the_run_naming_the_setting()
    {
        Fill(desk);
        desk.Server.Fault = async (context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("""{"type":"error.list","errors":[{"code":"unauthorized","message":"Access Token Invalid"}]}""");
            return true;
        };

        var failure = Assert.CatchAsync(async () => await desk.RunAsync(Database, Settings));

        Assert.That(failure!.Message, Does.Contain("Sources:Intercom:Token"));
    }
}
