using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Warehouse.Engines;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;
using Warehouse.Tests.Kpis;

namespace Warehouse.Tests.Reconciliation;

/// <summary>
/// HubSpot and Salesforce fill the same lead and opportunity facts; each reconciles its own rows against its own counts
/// on one warehouse. HubSpot (the search total): contacts 1 and 2 became leads on day 1 (2 with no lead date, so by its
/// createdate), 3 on day 2, 4 was created on day 1 but became a lead on day 2 (the funnel's day), 5 is archived (not
/// searchable); deals 10 and 11 on day 1, 12 on day 3. Salesforce (SELECT COUNT()): leads 00Q1 and 00Q2 on day 1 and
/// 00Q3 on day 1 but deleted (query leaves it out); opportunity 0061 on day 2.
/// </summary>
public sealed class CrmReconciliationTests(EngineKind engine) : ReconciliationTest(engine)
{
    [Test]
    public async Task HubSpot_and_Salesforce_each_reconcile_their_own_leads_and_opportunities()
    {
        await using var hub = await HubSpotTestSource.StartAsync();
        hub.Owners.Add(HubSpotRecords.Owner(2000, "Ann", "Sales"));
        hub.Contacts.Add(HubSpotRecords.Contact(1, "c1@example.com", Day(1)));
        hub.Contacts.Add(HubSpotRecords.Contact(2, "c2@example.com", Day(1).AddHours(2)).Replace($"\"hs_lifecyclestage_lead_date\":\"{ShopifyRecords.Time(Day(1).AddHours(2))}\"", "\"hs_lifecyclestage_lead_date\":null", StringComparison.Ordinal));
        hub.Contacts.Add(HubSpotRecords.Contact(3, "c3@example.com", Day(2)));
        hub.Contacts.Add(HubSpotRecords.Contact(4, "c4@example.com", Day(1).AddHours(3)).Replace($"\"hs_lifecyclestage_lead_date\":\"{ShopifyRecords.Time(Day(1).AddHours(3))}\"", $"\"hs_lifecyclestage_lead_date\":\"{ShopifyRecords.Time(Day(2).AddHours(1))}\"", StringComparison.Ordinal));
        hub.Contacts.Add(HubSpotRecords.Contact(5, "c5@example.com", Day(1), archived: true));
        hub.Deals.Add(HubSpotRecords.Deal(10, 1, Day(1), "appointmentscheduled"));
        hub.Deals.Add(HubSpotRecords.Deal(11, 2, Day(1).AddHours(1), "closedwon", closed: Day(2)));
        hub.Deals.Add(HubSpotRecords.Deal(12, 3, Day(3), "appointmentscheduled"));
        Assert.That(hub.Contacts[1], Does.Contain("\"hs_lifecyclestage_lead_date\":null"), "the fixture's contact 2 has no lead date");
        Assert.That(hub.Contacts[3], Does.Contain(ShopifyRecords.Time(Day(2).AddHours(1))), "the fixture's contact 4 became a lead on day 2");

        await using var org = await SalesforceTestSource.StartAsync();
        org.Objects["User"].Add(SalesforceRecords.User("005A", "Ben Seller", "Sales", Day(1).AddDays(-30)));
        org.Objects["Lead"].Add(SalesforceRecords.Lead("00Q000000000001AAA", "l1@example.com", Day(1), "005A"));
        org.Objects["Lead"].Add(SalesforceRecords.Lead("00Q000000000002AAA", "l2@example.com", Day(1).AddHours(4), "005A"));
        org.Objects["Lead"].Add(SalesforceRecords.Lead("00Q000000000003AAA", "l3@example.com", Day(1).AddHours(5), "005A", deleted: true));
        org.Objects["Opportunity"].Add(SalesforceRecords.Opportunity("006000000000001AAA", Day(2), "005A", "Prospecting"));

        var hubRun = await hub.RunAsync(Database, Settings);
        var orgRun = await org.RunAsync(Database, Settings);

        Assert.That(hubRun.Reconciliation!.Reconciled, Is.True, hubRun.Reconciliation.ToString());
        Assert.That(orgRun.Reconciliation!.Reconciled, Is.True, orgRun.Reconciliation.ToString());
        Assert.That(hubRun.Reconciliation.Objects, Is.EqualTo(2));
        Assert.That(orgRun.Reconciliation.Objects, Is.EqualTo(2));
        Assert.That(await CountsAsync("HubSpot", "contacts"), Is.EqualTo(new[] { $"{On(1)} 2/2", $"{On(2)} 2/2" }));
        Assert.That(await CountsAsync("HubSpot", "deals"), Is.EqualTo(new[] { $"{On(1)} 2/2", $"{On(3)} 1/1" }));
        Assert.That(await CountsAsync("Salesforce", "leads"), Is.EqualTo(new[] { $"{On(1)} 2/2" }));
        Assert.That(await CountsAsync("Salesforce", "opportunities"), Is.EqualTo(new[] { $"{On(2)} 1/1" }));
        Assert.That(org.Server.Requests.Count(r => r.Contains("/query?q=SELECT%20COUNT%28%29%20FROM%20Lead%20WHERE%20CreatedDate%20%3E%3D%20", StringComparison.Ordinal)), Is.GreaterThan(60),
            "each day of the history is one SELECT COUNT() through query, not queryAll");

        // A contact HubSpot counts but the warehouse lost: HubSpot's day 2 is one short, Salesforce's leads are untouched.
        await using (var db = Database.Open())
        {
            await db.ExecuteAsync("DELETE FROM dw.fact_lead_funnel WHERE lead_id = '3'");
        }

        using var source = new Warehouse.Etl.Sources.HubSpot.HubSpotSource(hub.Settings);
        var again = await new Warehouse.Etl.Reconciliation.Reconciler(Database, Settings).RunAsync(source, "recheck",
            DateOnly.FromDateTime(Day(1)), DateOnly.FromDateTime(Day(3)), CancellationToken.None);
        Assert.That(again.Unreconciled.Select(r => $"{r.ObjectName} {r.PeriodStart:yyyy-MM-dd} {r.SourceCount}/{r.WarehouseCount}"), Is.EqualTo(new[] { $"contacts {On(2)} 2/1" }));
    }
}
