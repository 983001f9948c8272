using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http;
using Warehouse.Engines;
using Warehouse.Schema.Dw;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Kpis;
using static Warehouse.Tests.Fixtures.SalesforceRecords;

namespace Warehouse.Tests.Crm;

/// <summary>
/// The Salesforce connector against its simulator, and the CRM KPIs of a small org counted by hand. March 2026:
/// users U1 Olga (Inbound) and U2 Pablo (Enterprise).
/// L1 (U1) created 2 Mar, converted 5 Mar into O1 (created 5 Mar 12:00, won, CloseDate 20 Mar: 14.5 days).
/// L2 (U2) created 4 Mar, converted into O2 (created 10 Mar, lost, CloseDate 25 Mar).
/// L3 (U1) created 8 Mar, an open lead. L4 (U1) created 9 Mar, deleted.
/// L5 (U1) created 12 Mar, converted to the existing account A1 with no opportunity.
/// L6 (U2) created 13 Mar, converted into O6 (created 14 Mar, open).
/// O7 on A1, no lead, created 15 Mar, won 18 Mar, then deleted. 30 February leads fill the pages.
/// </summary>
public sealed class SalesforceConnectorTests(EngineKind engine) : KpiTestBase(engine)
{
    private static readonly DateOnly March = new(2026, 3, 1);
    private SalesforceTestSource crm = null!;

    private static DateTime At(int day, int hour = 9) => new(2026, 3, day, hour, 0, 0, DateTimeKind.Utc);

    [SetUp]
    public async Task StartCrmAsync()
    {
        crm = await SalesforceTestSource.StartAsync();
        await DeployAsync();
    }

    [TearDown]
    public async Task StopCrmAsync() => await crm.DisposeAsync();

    internal static void Fill(SalesforceTestSource org)
    {
        org.Objects["User"].AddRange([User("005U1", "Olga", "Inbound", At(1)), User("005U2", "Pablo", "Enterprise", At(1))]);
        org.Objects["Account"].Add(Account("001A1", "Acme Corp", At(1), "acme.example"));
        org.Objects["Lead"].AddRange(Enumerable.Range(0, 30).Select(i => Lead($"00QF{i:D3}", $"feb{i}@example.com", new DateTime(2026, 2, 1, 9, 0, 0, DateTimeKind.Utc).AddHours(i), "005U1")));
        org.Objects["Lead"].AddRange(
        [
            Lead("00QL1", " A@Example.com", At(2), "005U1", converted: At(5), opportunity: "006O1", account: "001A2", contact: "003C1"),
            Lead("00QL2", "b@example.com", At(4), "005U2", converted: At(10), opportunity: "006O2", source: "Web"),
            Lead("00QL3", "c@example.com", At(8), "005U1"),
            Lead("00QL4", "d@example.com", At(9), "005U1", modified: At(11), deleted: true),
            Lead("00QL5", "e@example.com", At(12), "005U1", converted: At(12, 15), account: "001A1", contact: "003C5"),
            Lead("00QL6", "f@example.com", At(13), "005U2", converted: At(14), opportunity: "006O6"),
        ]);
        org.Objects["Contact"].AddRange([Contact("003C1", "a@example.com", At(5)), Contact("003C5", "e@example.com", At(12, 15), account: "001A1")]);
        org.Objects["Opportunity"].AddRange(
        [
            Opportunity("006O1", At(5, 12), "005U1", "Closed Won", closed: At(20, 0), won: true, amount: 1200m),
            Opportunity("006O2", At(10), "005U2", "Closed Lost", closed: At(25, 0)),
            Opportunity("006O6", At(14), "005U2", "Prospecting"),
            Opportunity("006O7", At(15), "005U1", "Closed Won", closed: At(18, 0), won: true, account: "001A1", modified: At(19), deleted: true),
        ]);
    }

    [Test]
    public async Task The_crm_kpis_come_from_salesforce_counted_by_hand()
    {
        Fill(crm);

        await crm.RunAsync(Database, Settings);

        // March leads, L4 deleted: L1, L2, L3, L5, L6. With an opportunity: L1, L2, L6 (L5 was converted without one).
        AssertValue(await ValueAsync("lead_to_opportunity", March), 3, 5, 60);
        // Customers: L1 (O1 won).
        AssertValue(await ValueAsync("lead_conversion", March), 1, 5, 20);
        // Pablo's team: L2 and L6, both with opportunities.
        AssertValue(await ValueAsync("lead_to_opportunity", March, "team", "Enterprise"), 2, 2, 100);
        AssertValue(await ValueAsync("lead_to_opportunity", March, "team", "Inbound"), 1, 3, 100.0 / 3);
        // Closed in March: O1 won, O2 lost; O7 was deleted and counts nowhere.
        AssertValue(await ValueAsync("win_rate", March), 1, 2, 50);
        AssertValue(await ValueAsync("sales_cycle_days", March), 14.5, 1, 14.5);
        await using var db = Database.Open();
        var o7 = await db.GetTable<FactOpportunity>().SingleAsync(o => o.DealId == "006O7");
        Assert.That(o7.IsArchived, Is.True, "queryAll returned the deleted opportunity, kept flagged");
        Assert.That((await db.GetTable<FactLeadFunnel>().SingleAsync(f => f.LeadId == "00QL4")).IsArchived, Is.True);
        var o1 = await db.GetTable<FactOpportunity>().SingleAsync(o => o.DealId == "006O1");
        Assert.That((o1.LeadId, o1.AmountReporting), Is.EqualTo(("00QL1", 1200m)), "the converted lead names its opportunity");
        var l5 = await db.GetTable<FactLeadFunnel>().SingleAsync(f => f.LeadId == "00QL5");
        Assert.That((l5.OpportunityAt, l5.CustomerAt), Is.EqualTo(((DateTime?)null, (DateTime?)null)), "converted to an existing account, with no opportunity");
        var l1 = await db.GetTable<FactLeadFunnel>().SingleAsync(f => f.LeadId == "00QL1");
        Assert.That((l1.OpportunityAt, l1.WonAt), Is.EqualTo(((DateTime?)At(5, 12), (DateTime?)At(20, 0))));
        var company = await db.GetTable<DimCompany>().SingleAsync(c => c.CompanyId == "salesforce:001A1");
        Assert.That(company.CompanyName, Is.EqualTo("Acme Corp"));
        var agents = await db.GetTable<DimAgent>().Where(a => a.SourceSystem == "salesforce").OrderBy(a => a.AgentName).Select(a => a.AgentName + "/" + a.Team).ToListAsync();
        Assert.That(agents, Is.EqualTo(new[] { "Olga/Inbound", "Pablo/Enterprise" }));
        // L1 and its contact C1 are one person, by their e-mail.
        var map = await db.GetTable<CustomerSourceMap>().Where(m => m.SourceSystem == "salesforce" && (m.SourceCustomerId == "00QL1" || m.SourceCustomerId == "003C1")).Select(m => m.CustomerId).Distinct().ToListAsync();
        Assert.That(map, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_second_run_changes_nothing_and_a_changed_stage_is_read_incrementally()
    {
        Fill(crm);
        crm.Simulator.BatchSize = 7;
        string[] tables = ["dw.dim_agent", "dw.dim_company", "dw.customer_source_map", "dw.fact_lead_funnel", "dw.fact_opportunity"];
        await crm.RunAsync(Database, Settings);
        var first = new List<List<string>>();
        foreach (var table in tables) first.Add(await TableDump.ReadAsync(Database, table));

        var again = await crm.RunAsync(Database, Settings);

        for (var i = 0; i < tables.Length; i++) Assert.That(await TableDump.ReadAsync(Database, tables[i]), Is.EqualTo(first[i]), tables[i]);
        Assert.That(crm.Server.Requests, Has.Some.Contains("/query/0r8xx"), "the 36 leads were paged by nextRecordsUrl");
        // The second run asks for changes since the cursor: only the records at the newest SystemModstamp come back.
        Assert.That(again.Loads.Single(l => l.Stream == "leads").Read, Is.EqualTo(1));

        // O6 moves to Closed Won on 28 Mar: read alone, it keeps the lead it was converted from.
        crm.Objects["Opportunity"][2] = Opportunity("006O6", At(14), "005U2", "Closed Won", closed: At(28, 0), won: true, amount: 500m);
        var third = await crm.RunAsync(Database, Settings);

        // The changed O6, and O2 which sits exactly at the cursor (SystemModstamp >= is inclusive).
        Assert.That(third.Loads.Single(l => l.Stream == "opportunities").Read, Is.EqualTo(2));
        AssertValue(await ValueAsync("win_rate", March), 2, 3, 200.0 / 3);
        AssertValue(await ValueAsync("lead_conversion", March), 2, 5, 40);
        await using var db = Database.Open();
        Assert.That((await db.GetTable<FactOpportunity>().SingleAsync(o => o.DealId == "006O6")).LeadId, Is.EqualTo("00QL6"));
    }

    [Test]
    public async Task A_field_the_org_lacks_is_left_out_of_the_query_and_the_rest_loads()
    {
        Fill(crm);
        crm.Simulator.Fields["Lead"].Remove("LeadSource");
        crm.Simulator.Fields["User"].Remove("Department");

        await crm.RunAsync(Database, Settings);

        Assert.That(crm.Server.Requests.Where(r => r.Contains("FROM%20Lead", StringComparison.Ordinal)), Has.None.Contains("LeadSource"));
        AssertValue(await ValueAsync("lead_to_opportunity", March), 3, 5, 60);
        await using var db = Database.Open();
        Assert.That(await db.GetTable<DimAgent>().Where(a => a.SourceSystem == "salesforce").Select(a => a.Team).Distinct().ToListAsync(), Is.EqualTo(new[] { "Unassigned" }));
    }

    [Test]
    public async Task Opportunities_carry_their_campaign_and_their_stage_history_across_runs()
    {
        Fill(crm);
        crm.Objects["Campaign"].AddRange([Campaign("701C1", "Spring Launch", At(1)), Campaign("701C2", "Webinar Q1", At(1), type: "Webinar")]);
        crm.Objects["Opportunity"][0] = Opportunity("006O1", At(5, 12), "005U1", "Closed Won", closed: At(20, 0), won: true, amount: 1200m, campaign: "701C1");
        crm.Objects["Opportunity"][1] = Opportunity("006O2", At(10), "005U2", "Closed Lost", closed: At(25, 0), campaign: "701C2");
        crm.Objects["OpportunityHistory"].AddRange(
        [
            History("008H1", "006O1", "Prospecting", At(5, 12), amount: 1000m, probability: 10m, close: At(31, 0)),
            History("008H2", "006O1", "Negotiation/Review", At(12), amount: 1200m, probability: 90m, close: At(20, 0)),
            History("008H3", "006O1", "Closed Won", At(20, 0), amount: 1200m, probability: 100m, close: At(20, 0)),
            History("008H7", "006O7", "Closed Won", At(18, 0), modified: At(19), deleted: true),
        ]);

        await crm.RunAsync(Database, Settings);

        // Closed in March: O1 (won) came through Spring Launch, O2 (lost) through Webinar Q1.
        AssertValue(await ValueAsync("win_rate", March, "campaign", "Spring Launch"), 1, 1, 100);
        AssertValue(await ValueAsync("win_rate", March, "campaign", "Webinar Q1"), 0, 1, 0);
        await using var db = Database.Open();
        var stages = await db.GetTable<FactOpportunityStage>().Where(h => h.DealId == "006O1").OrderBy(h => h.ChangedAt)
            .Select(h => new { h.Stage, h.ChangedDateKey, h.CloseDateKey, h.Probability, h.AmountReporting, h.IsArchived }).ToListAsync();
        Assert.That(stages.Select(h => $"{h.Stage} {h.ChangedDateKey} {h.CloseDateKey} {h.Probability:0} {h.AmountReporting:0} {h.IsArchived}"), Is.EqualTo(new[]
        {
            "Prospecting 20260305 20260331 10 1000 False", "Negotiation/Review 20260312 20260320 90 1200 False", "Closed Won 20260320 20260320 100 1200 False",
        }));
        Assert.That((await db.GetTable<FactOpportunityStage>().SingleAsync(h => h.HistoryId == "008H7")).IsArchived, Is.True, "deleted with its opportunity, returned by queryAll");

        // The next run reads only O1's change: its campaign is found again through the kept map, not the emptied staging.
        string[] tables = ["dw.dim_campaign", "dw.campaign_source_map", "dw.fact_opportunity_stage"];
        var first = new List<List<string>>();
        foreach (var table in tables) first.Add(await TableDump.ReadAsync(Database, table));
        crm.Objects["Opportunity"][0] = Opportunity("006O1", At(5, 12), "005U1", "Closed Won", closed: At(20, 0), won: true, amount: 1300m, campaign: "701C1", modified: At(29));
        var again = await crm.RunAsync(Database, Settings);

        Assert.That(again.Loads.Single(l => l.Stream == "campaigns").Read, Is.EqualTo(2), "both at the cursor's SystemModstamp, read again and merged to the same rows");
        for (var i = 0; i < tables.Length; i++) Assert.That(await TableDump.ReadAsync(Database, tables[i]), Is.EqualTo(first[i]), tables[i]);
        var o1 = await db.GetTable<FactOpportunity>().SingleAsync(o => o.DealId == "006O1");
        var spring = await db.GetTable<DimCampaign>().SingleAsync(c => c.CampaignId == "spring launch");
        Assert.That((o1.AmountReporting, o1.CampaignKey), Is.EqualTo(((decimal?)1300m, spring.CampaignKey)));
    }

    [Test]
    public async Task An_org_without_campaigns_loads_the_rest()
    {
        Fill(crm);
        // Campaign exists only where the org has the Marketing User feature: describe answers 404 NOT_FOUND without it.
        crm.Simulator.Fields.Remove("Campaign");

        var run = await crm.RunAsync(Database, Settings);

        Assert.That(run.Loads.Single(l => l.Stream == "campaigns").Read, Is.Zero);
        AssertValue(await ValueAsync("win_rate", March), 1, 2, 50);
    }

    [Test]
    public async Task A_multi_currency_org_reports_amounts_in_the_reporting_currency_and_an_unknown_currency_is_quarantined()
    {
        Fill(crm);
        // A multi-currency org has CurrencyIsoCode on its opportunities (Object Reference, "Opportunity").
        crm.Simulator.Fields["Opportunity"]["CurrencyIsoCode"] = "picklist";
        crm.Objects["Opportunity"][0] = Opportunity("006O1", At(5, 12), "005U1", "Closed Won", closed: At(20, 0), won: true, amount: 1000m, currency: "EUR");
        crm.Objects["Opportunity"].Add(Opportunity("006O9", At(16), "005U1", "Prospecting", currency: "XYZ"));

        var run = await crm.RunAsync(Database, Settings);

        await using var db = Database.Open();
        var o1 = await db.GetTable<FactOpportunity>().SingleAsync(o => o.DealId == "006O1");
        Assert.That((o1.Amount, o1.AmountReporting), Is.EqualTo((1000m, 1080m)), "EUR 1,000 at 1.08");
        Assert.That((await db.GetTable<FactLeadFunnel>().SingleAsync(f => f.LeadId == "00QL1")).AmountReporting, Is.EqualTo(1080m));
        Assert.That(run.Loads.Single(l => l.Stream == "opportunities").Quarantined, Is.EqualTo(1));
        var quarantined = await db.GetTable<Warehouse.Schema.Etl.EtlQuarantine>().SingleAsync();
        Assert.That(quarantined.Reason, Does.Contain("unknown currency 'XYZ'"));
        Assert.That(quarantined.RawPayload, Does.Contain("006O9"));
        Assert.That(await db.GetTable<FactOpportunity>().CountAsync(o => o.DealId == "006O9"), Is.Zero);
    }

    [Test]
    public async Task A_first_load_of_a_large_object_goes_through_a_bulk_query_job_and_matches_the_rest_load()
    {
        Fill(crm);
        crm.Settings.BulkThreshold = 20;
        crm.Simulator.BulkPageSize = 10;

        await crm.RunAsync(Database, Settings);

        // Only Lead has 20 records or more: one queryAll job, without ORDER BY, its 36 rows read in pages of 10.
        Assert.That(crm.Simulator.BulkQueries, Has.Count.EqualTo(1));
        Assert.That(crm.Simulator.BulkQueries[0], Does.StartWith("SELECT Id, SystemModstamp, IsDeleted, Email").And.Contain("FROM Lead").And.Not.Contain("ORDER BY"));
        Assert.That(crm.Server.Requests.Count(r => r.Contains("/results", StringComparison.Ordinal)), Is.EqualTo(4));
        AssertValue(await ValueAsync("lead_to_opportunity", March), 3, 5, 60);
        AssertValue(await ValueAsync("lead_conversion", March), 1, 5, 20);
        await using var db = Database.Open();
        Assert.That(await db.GetTable<FactLeadFunnel>().CountAsync(), Is.EqualTo(36));
        Assert.That((await db.GetTable<FactLeadFunnel>().SingleAsync(f => f.LeadId == "00QL4")).IsArchived, Is.True, "the job ran queryAll: the deleted lead came back");
    }

    [TestCase("Failed", "ended Failed (INTERNAL_ERROR")]
    [TestCase("Aborted", "ended Aborted")]
    public async Task A_bulk_job_that_fails_loads_nothing_of_its_object_and_the_next_run_loads_it_once(string outcome, string message)
    {
        Fill(crm);
        crm.Settings.BulkThreshold = 20;
        crm.Simulator.BulkOutcomes.Enqueue(outcome);

        var error = Assert.CatchAsync(async () => await crm.RunAsync(Database, Settings));

        Assert.That(error!.Message, Does.Contain(message).And.Contain("Lead"));
        await using (var db = Database.Open())
        {
            Assert.That(await db.GetTable<FactLeadFunnel>().CountAsync(), Is.Zero);
        }

        await crm.RunAsync(Database, Settings);
        await using var check = Database.Open();
        Assert.That(await check.GetTable<FactLeadFunnel>().CountAsync(), Is.EqualTo(36));
        AssertValue(await ValueAsync("lead_to_opportunity", March), 3, 5, 60);
    }

    [Test]
    public async Task Request_limit_exceeded_stops_the_run_clearly_and_the_next_run_goes_on_from_the_cursor()
    {
        Fill(crm);
        crm.Settings.ApiReserve = 0;
        // Six calls allowed today: users and accounts are read (describe, count, query each), then the org refuses.
        crm.Simulator.DailyLimit = 6;

        var error = Assert.CatchAsync(async () => await crm.RunAsync(Database, Settings));

        Assert.That(error!.Message, Does.Contain("REQUEST_LIMIT_EXCEEDED").And.Contain("next run goes on from the cursor"));
        await using (var db = Database.Open())
        {
            Assert.That(await db.GetTable<FactLeadFunnel>().CountAsync(), Is.Zero);
        }

        crm.Simulator.DailyLimit = 100_000;
        await crm.RunAsync(Database, Settings);
        AssertValue(await ValueAsync("lead_to_opportunity", March), 3, 5, 60);
        AssertValue(await ValueAsync("win_rate", March), 1, 2, 50);
    }

    [Test]
    public async Task Usage_near_the_reserve_slows_each_request_down_and_loses_nothing()
    {
        Fill(crm);
        // Reserve 10 % of 1,000: the run stops past 900 and slows down past 800, where the org's other integrations left it.
        crm.Simulator.DailyLimit = 1000;
        crm.Simulator.UsedBefore = 850;
        crm.Settings.ApiSlowDown = TimeSpan.FromMilliseconds(150);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await crm.RunAsync(Database, Settings);
        clock.Stop();

        // Every request after the first answer (which told the run where usage stood) waited first. The landing's
        // requests are counted; the reconciliation's counts after it (CreatedDate ranges) stop at the reserve.
        var requests = crm.Server.Requests.Count(r => !r.Contains("CreatedDate%20%3E%3D", StringComparison.Ordinal));
        Assert.That(requests, Is.GreaterThan(10).And.LessThan(50));
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(150 * (requests - 1))));
        AssertValue(await ValueAsync("lead_to_opportunity", March), 3, 5, 60);
    }

    [Test]
    public async Task Usage_past_the_reserve_stops_before_the_next_request()
    {
        Fill(crm);
        crm.Simulator.DailyLimit = 1000;
        crm.Simulator.UsedBefore = 950;

        var error = Assert.CatchAsync(async () => await crm.RunAsync(Database, Settings));

        Assert.That(error!.Message, Does.Contain("of the org's 1000 daily requests").And.Contain("Sources:Salesforce:ApiReserve"));
        Assert.That(crm.Server.Requests, Has.Count.LessThanOrEqualTo(5), "it stopped at the first answer past the reserve");
    }

    [Test]
    public async Task An_expired_session_fails_the_run_naming_the_setting()
    {
        Fill(crm);
        crm.Simulator.SessionExpired = true;

        var error = Assert.CatchAsync(async () => await crm.RunAsync(Database, Settings));

        Assert.That(error!.Message, Does.Contain("INVALID_SESSION_ID").And.Contain("Sources:Salesforce:Token"));
    }

    [Test]
    public async Task A_next_records_url_to_another_host_is_not_followed()
    {
        Fill(crm);
        crm.Simulator.BatchSize = 10;
        crm.Server.Fault = async (context, _) =>
        {
            if (context.Request.Path.Value!.EndsWith("/queryAll", StringComparison.Ordinal) && context.Request.Query["q"].ToString().Contains("FROM Lead", StringComparison.Ordinal) && !context.Request.Query["q"].ToString().Contains("COUNT()", StringComparison.Ordinal))
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"totalSize":36,"done":false,"nextRecordsUrl":"https://evil.example/services/data/v62.0/query/x-10","records":[]}""");
                return true;
            }

            return false;
        };

        var error = Assert.CatchAsync(async () => await crm.RunAsync(Database, Settings));

        Assert.That(error!.Message, Does.Contain("evil.example").And.Contain("not followed"));
    }

    [Test]
    public async Task An_html_page_with_status_200_fails_the_object_clearly_and_the_next_run_loads_it_whole()
    {
        Fill(crm);
        crm.Simulator.BatchSize = 10;
        var broken = true;
        crm.Server.Fault = async (context, _) =>
        {
            // The second page of leads comes back as a sign-in page, as a proxy in front of the org might answer.
            if (!broken || !context.Request.Path.Value!.Contains("/query/", StringComparison.Ordinal)) return false;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>Please sign in</body></html>");
            return true;
        };

        var error = Assert.CatchAsync(async () => await crm.RunAsync(Database, Settings));

        Assert.That(error!.Message, Does.Contain("not valid JSON"));
        await using (var db = Database.Open())
        {
            Assert.That(await db.GetTable<FactLeadFunnel>().CountAsync(), Is.Zero, "no lead of the half-read object landed");
        }

        broken = false;
        await crm.RunAsync(Database, Settings);
        await using var check = Database.Open();
        Assert.That(await check.GetTable<FactLeadFunnel>().CountAsync(), Is.EqualTo(36), "the cursor stayed: every lead came on the next run");
        AssertValue(await ValueAsync("lead_to_opportunity", March), 3, 5, 60);
    }

    [Test]
    public async Task Hubspot_and_salesforce_together_give_each_crm_kpi_per_instance_and_combined()
    {
        await using var hubspot = await HubSpotTestSource.StartAsync();
        CrmScenario.Fill(hubspot);
        await hubspot.RunAsync(Database, Settings);
        Fill(crm);
        crm.Instance = new Warehouse.Etl.Sources.SourceInstance(Warehouse.Etl.Sources.SourceNames.Salesforce, "emea");
        await crm.RunAsync(Database, Settings);

        // HubSpot March: 4 leads, 3 with opportunities, 1 customer, 1 of 2 closed won; Salesforce: 5, 3, 1, 1 of 2.
        AssertValue(await ValueAsync("lead_to_opportunity", March), 6, 9, 600.0 / 9);
        AssertValue(await ValueAsync("lead_to_opportunity", March, "instance", "default"), 3, 4, 75);
        AssertValue(await ValueAsync("lead_to_opportunity", March, "instance", "emea"), 3, 5, 60);
        AssertValue(await ValueAsync("lead_conversion", March), 2, 9, 200.0 / 9);
        AssertValue(await ValueAsync("win_rate", March), 2, 4, 50);
        AssertValue(await ValueAsync("win_rate", March, "instance", "emea"), 1, 2, 50);
        await using var db = Database.Open();
        Assert.That(await db.GetTable<FactOpportunity>().CountAsync(o => o.DealId.StartsWith("emea:")), Is.EqualTo(4), "the instance qualifies the opportunity ids");
    }
}
