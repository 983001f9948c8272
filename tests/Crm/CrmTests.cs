using LinqToDB;
using LinqToDB.Async;
using Microsoft.AspNetCore.Http;
using Warehouse.Engines;
using Warehouse.Schema.Dw;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Kpis;
using static Warehouse.Tests.Crm.CrmScenario;
using static Warehouse.Tests.Fixtures.HubSpotRecords;

namespace Warehouse.Tests.Crm;

/// <summary>The HubSpot connector against a local HTTP server, and the funnel KPIs of <see cref="CrmScenario"/>.</summary>
public sealed class CrmTests(EngineKind engine) : KpiTestBase(engine)
{
    private static readonly DateOnly March = new(2026, 3, 1);
    private HubSpotTestSource crm = null!;

    [SetUp]
    public async Task StartCrmAsync()
    {
        crm = await HubSpotTestSource.StartAsync();
        Fill(crm);
        await DeployAsync();
    }

    [TearDown]
    public async Task StopCrmAsync() => await crm.DisposeAsync();

    [Test]
    public async Task Funnel_kpis_count_march_leads_and_deals_by_hand()
    {
        await crm.RunAsync(Database, Settings);

        // Leads created in March, L4 archived: L1, L2, L3, L5. Opportunities: L1, L2 (stage dates), L5 (deal D5).
        AssertValue(await ValueAsync("lead_to_opportunity", March), 3, 4, 75);
        AssertValue(await ValueAsync("lead_conversion", March), 1, 4, 25);
        AssertValue(await ValueAsync("lead_to_opportunity", March, "team", "Enterprise"), 2, 2, 100);
        // Activity beside the cohort: deals D1, D2 and D5 were created in March.
        await using (var db = Database.Open())
        {
            var created = await LinqToDB.Data.DataContextExtensions.QueryToListAsync(db, r => Convert.ToDouble(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
                "SELECT opportunities_created FROM kpi.lead_to_opportunity WHERE grain = 'month' AND slice_name = 'all' AND period_start = (SELECT MIN(full_date) FROM dw.dim_date WHERE date_key = 20260301)");
            Assert.That(created.Single(), Is.EqualTo(3));
        }

        // Closed in March: D1 won, D2 lost.
        AssertValue(await ValueAsync("win_rate", March), 1, 2, 50);
        AssertValue(await ValueAsync("sales_cycle_days", March), 14.5, 1, 14.5);
    }

    [Test]
    public async Task Companies_land_in_the_company_dimension()
    {
        crm.Companies.Add("{\"id\":\"77\",\"properties\":{\"name\":\"Acme Corp\",\"domain\":\"acme.example\"},\"createdAt\":\"2026-03-01T09:00:00Z\",\"updatedAt\":\"2026-03-01T09:00:00Z\",\"archived\":false}");

        await crm.RunAsync(Database, Settings);

        await using var db = Database.Open();
        var company = await db.GetTable<DimCompany>().SingleAsync(c => c.CompanyKey > 0);
        Assert.That((company.CompanyId, company.CompanyName, company.Domain), Is.EqualTo(("hubspot:77", "Acme Corp", "acme.example")));
    }

    [Test]
    public async Task An_archived_contact_stays_flagged_and_out_of_the_kpis()
    {
        await crm.RunAsync(Database, Settings);

        await using var db = Database.Open();
        Assert.That((await db.GetTable<FactLeadFunnel>().SingleAsync(f => f.LeadId == "4")).IsArchived, Is.True);
    }

    [Test]
    public async Task A_deal_moved_back_a_stage_shows_its_current_stage_and_stays_open()
    {
        await crm.RunAsync(Database, Settings);
        crm.Deals[2] = Deal(105, 5, At(14), "qualifiedtobuy", updated: At(27), owner: 2001);

        var second = await crm.RunAsync(Database, Settings);

        // The changed deal, and D2 which sits exactly at the watermark (the boundary is inclusive).
        Assert.That(second.Loads.Single(l => l.Stream == "deals").Read, Is.EqualTo(2));
        await using var db = Database.Open();
        var deal = await db.GetTable<FactOpportunity>().SingleAsync(o => o.DealId == "105");
        Assert.That((deal.Stage, deal.IsClosed, deal.IsWon), Is.EqualTo(("qualifiedtobuy", false, false)));
        AssertValue(await ValueAsync("win_rate", March), 1, 2, 50);
    }

    [Test]
    public async Task Contacts_are_read_incrementally_across_search_pages_and_a_429_is_waited_out()
    {
        var ownerCalls = new List<DateTime>();
        crm.Server.Fault = async (context, _) =>
        {
            if (!context.Request.Path.Value!.EndsWith("/owners", StringComparison.Ordinal)) return false;
            ownerCalls.Add(DateTime.UtcNow);
            if (ownerCalls.Count > 1) return false;
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsync("slow down");
            return true;
        };

        var first = await crm.RunAsync(Database, Settings);
        crm.Contacts[^1] = Contact(5, "e@example.com", At(12), mql: At(21), updated: At(21), owner: 2001);
        crm.Server.Requests.Clear();
        var second = await crm.RunAsync(Database, Settings);

        Assert.That(first.Loads.Single(l => l.Stream == "contacts").Landed, Is.EqualTo(155));
        Assert.That((ownerCalls[1] - ownerCalls[0]).TotalSeconds, Is.GreaterThanOrEqualTo(0.9));
        // Second run: the changed contact, L1 at the watermark (inclusive boundary), and the archived one (listed every run).
        Assert.That(second.Loads.Single(l => l.Stream == "contacts").Read, Is.EqualTo(3));
        await using var db = Database.Open();
        Assert.That((await db.GetTable<FactLeadFunnel>().SingleAsync(f => f.LeadId == "5")).MqlAt, Is.EqualTo(At(21)));
    }

    [Test]
    public async Task A_search_past_ten_thousand_results_starts_again_from_the_last_time_read_and_loses_none()
    {
        // 10,100 contacts, the 60 around the 10,000th result all modified in the same second: HubSpot refuses a page
        // past 10,000 results, so the connector must search again from that second and skip those it already has.
        var january = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        crm.Contacts.AddRange(Enumerable.Range(0, 10_100).Select(i =>
        {
            var modified = i is >= 9_970 and < 10_030 ? january.AddMinutes(9_970) : january.AddMinutes(i);
            return Contact(700_000 + i, $"bulk{i}@example.com", modified);
        }));

        var run = await crm.RunAsync(Database, Settings);

        var searches = crm.Server.Requests.Count(r => r.Contains("/contacts/search", StringComparison.Ordinal));
        Assert.That(run.Loads.Single(l => l.Stream == "contacts").Landed, Is.EqualTo(10_100 + 155));
        await using var db = Database.Open();
        var leads = (await db.GetTable<FactLeadFunnel>().Select(f => f.LeadId).ToListAsync()).Where(id => id.Length == 6 && id[0] == '7').ToList();
        Assert.That(leads, Has.Count.EqualTo(10_100).And.Unique);
        Assert.That(searches, Is.GreaterThan(102), "the search went on past its first 10,000 results");
    }

    [Test]
    public async Task More_than_ten_thousand_objects_modified_in_one_millisecond_are_read_by_id_and_none_is_lost()
    {
        // A bulk import: 10,250 contacts share one modified time, 30 more come after it. One search cannot page past
        // 10,000 of them, and searching again from that time would return the same 10,000: they are read by hs_object_id.
        var import = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        crm.Contacts.AddRange(Enumerable.Range(0, 10_280).Select(i => Contact(700_000 + i, $"import{i}@example.com", i < 10_250 ? import : import.AddMinutes(i))));

        var run = await crm.RunAsync(Database, Settings);

        Assert.That(run.Loads.Single(l => l.Stream == "contacts").Landed, Is.EqualTo(10_280 + 155));
        await using var db = Database.Open();
        var leads = (await db.GetTable<FactLeadFunnel>().Select(f => f.LeadId).ToListAsync()).Where(id => id.Length == 6 && id[0] == '7').ToList();
        Assert.That(leads, Has.Count.EqualTo(10_280).And.Unique);
    }
}
