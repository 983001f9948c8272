using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.Files;
using Warehouse.Schema.Dw;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Reliability;

/// <summary>
/// Separate schedules land sources in any order: a fact that names a customer another source has not delivered
/// yet gets the customer's key once it arrives, and the KPIs built on it (first-touch attribution) count it.
/// </summary>
public sealed class LateCustomerTests(EngineKind engine) : EngineTest(engine)
{
    private string root = null!;

    [SetUp]
    public async Task CreateDropAsync()
    {
        root = Path.Combine(Path.GetTempPath(), "late-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(root, "web_sessions"));
        await DeployAsync();
    }

    [TearDown]
    public void DeleteDrop() => Directory.Delete(root, recursive: true);

    private async Task<int> CustomerKeyAsync(string email)
    {
        await using var db = Database.Open();
        var hash = Warehouse.Etl.Sources.CustomerIdentity.Hash(email);
        return await db.GetTable<DimCustomer>().Where(c => c.CustomerId == hash && c.IsCurrent).Select(c => c.CustomerKey).SingleAsync();
    }

    [Test]
    public async Task Sessions_loaded_before_their_shop_customer_get_its_key_and_count_in_first_touch_attribution()
    {
        await File.WriteAllLinesAsync(Path.Combine(root, "web_sessions", "sessions.csv"),
        [
            "session_id,user_pseudo_id,user_id,session_start,source,medium,campaign,landing_page,page_views,engaged,key_events,transaction_id,device_category,country",
            "s1,u1,7,2026-03-01T10:00:00Z,google,cpc,spring,/,3,true,,,desktop,US",
            "s2,u2,,2026-03-01T11:00:00Z,google,cpc,spring,/,1,false,,,desktop,US",
        ]);
        var files = new SourceSettings { Root = root, SettleTime = TimeSpan.Zero };
        using (var source = new FilesSource(files, Database)) await new SourcePipeline(Database, Settings).RunAsync(source, CancellationToken.None);
        await using (var before = Database.Open())
        {
            Assert.That(await before.GetTable<FactWebSession>().Where(s => s.SessionId == "s1").Select(s => s.CustomerKey).SingleAsync(), Is.EqualTo(-1), "the customer has not arrived");
        }

        await using var shop = await ShopifyTestSource.StartAsync();
        var start = ShopifyRecords.Start;
        shop.Customers.Add(ShopifyRecords.Customer(7, "ann@example.com", "retail", start));
        shop.Orders.Add(ShopifyRecords.Order(100, start.AddDays(2), start.AddDays(2), 7, "ann@example.com", [(1000, 501, 2, 40m, 0m)]));
        await shop.RunAsync(Database, Settings);
        await shop.RunAsync(Database, Settings); // a re-run changes nothing

        var ann = await CustomerKeyAsync("ann@example.com");
        await using var db = Database.Open();
        var sessions = await db.GetTable<FactWebSession>().OrderBy(s => s.SessionId).Select(s => new { s.SessionId, s.CustomerKey, s.UserId }).ToListAsync();
        Assert.That(sessions.Select(s => (s.SessionId, s.CustomerKey, s.UserId)), Is.EqualTo(new[] { ("s1", ann, "7"), ("s2", -1, (string?)null) }));
        var firstTouch = await db.GetTable<FactOrderAttribution>().Where(a => a.AttributionModel == "first_touch").ToListAsync();
        Assert.That(firstTouch.Select(a => (a.OrderId, a.AttributedRevenueReporting)), Is.EqualTo(new[] { ("100", 80m) }));
        var spring = await db.GetTable<DimCampaign>().SingleAsync(c => c.CampaignId == "spring");
        Assert.That(firstTouch[0].CampaignKey, Is.EqualTo(spring.CampaignKey));
    }

    [Test]
    public async Task Tickets_and_ratings_whose_requester_arrives_later_get_the_customer_key()
    {
        await using var desk = await ZendeskTestSource.StartAsync();
        var start = ShopifyRecords.Start;
        desk.Tickets.Add(ZendeskRecords.Ticket(1, start, start.AddHours(1), "solved", "normal", "email", requester: 55, assignee: 9, group: 3));
        desk.Ratings.Add(ZendeskRecords.Rating(70, 1, "good", start.AddHours(2), requester: 55, assignee: 9));
        await desk.RunAsync(Database, Settings);
        await using (var before = Database.Open())
        {
            Assert.That(await before.GetTable<FactTicket>().Select(t => t.CustomerKey).SingleAsync(), Is.EqualTo(-1));
        }

        // The requester is created after the first run (so after its cursor).
        desk.Users.Add(System.Text.Json.JsonSerializer.Serialize(new { id = 55, name = "Bob", email = "bob@example.com", role = "end-user", updated_at = ShopifyRecords.Time(DateTime.UtcNow.AddSeconds(1)) }));
        await Task.Delay(1500);
        await desk.RunAsync(Database, Settings);

        var bob = await CustomerKeyAsync("bob@example.com");
        await using var db = Database.Open();
        Assert.That(await db.GetTable<FactTicket>().Select(t => new { t.TicketId, t.CustomerKey }).SingleAsync(), Is.EqualTo(new { TicketId = "1", CustomerKey = bob }));
        Assert.That(await db.GetTable<FactSatisfactionRating>().Select(r => r.CustomerKey).SingleAsync(), Is.EqualTo(bob));
    }

    [Test]
    public async Task A_deal_loaded_before_its_contact_gets_the_contacts_customer_key()
    {
        await using var crm = await HubSpotTestSource.StartAsync();
        var start = ShopifyRecords.Start;
        crm.Deals.Add(HubSpotRecords.Deal(900, contact: 31, start, "closedwon", closed: start.AddDays(3), amount: 500m));
        await crm.RunAsync(Database, Settings);

        crm.Contacts.Add(HubSpotRecords.Contact(31, "cara@example.com", start.AddDays(-10), customer: start.AddDays(3), updated: DateTime.UtcNow.AddSeconds(1)));
        await Task.Delay(1500);
        await crm.RunAsync(Database, Settings);

        var cara = await CustomerKeyAsync("cara@example.com");
        await using var db = Database.Open();
        Assert.That(await db.GetTable<FactOpportunity>().Select(o => new { o.DealId, o.CustomerKey }).SingleAsync(), Is.EqualTo(new { DealId = "900", CustomerKey = cara }));
    }
}
