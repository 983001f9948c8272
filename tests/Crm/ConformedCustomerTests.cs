using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Schema.Dw;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Crm;

/// <summary>One person in the shop, the helpdesk and the CRM, whose e-mail differs only in case and spaces, is one customer.</summary>
public sealed class ConformedCustomerTests(EngineKind engine) : EngineTest(engine)
{
    [Test]
    public async Task The_same_person_in_three_sources_is_one_customer()
    {
        await DeployAsync();
        await using (var shop = await ShopifyTestSource.StartAsync())
        {
            shop.Customers.Add(ShopifyRecords.Customer(1, "jane.doe@example.com", "vip", ShopifyRecords.Start));
            shop.Orders.Add(ShopifyRecords.Order(10, ShopifyRecords.Start.AddDays(1), ShopifyRecords.Start.AddDays(1), 1, "jane.doe@example.com", [(100, 501, 1, 10m, 0m)]));
            await shop.RunAsync(Database, Settings);
        }

        await using (var desk = await ZendeskTestSource.StartAsync())
        {
            desk.Users.Add(ZendeskRecords.EndUser(200, " Jane.Doe@Example.com "));
            desk.Tickets.Add(ZendeskRecords.Ticket(1, ShopifyRecords.Start.AddDays(2), ShopifyRecords.Start.AddDays(2), "new", "normal", "email", 200, 0, 0));
            await desk.RunAsync(Database, Settings);
        }

        await using (var crm = await HubSpotTestSource.StartAsync())
        {
            crm.Contacts.Add(HubSpotRecords.Contact(300, "JANE.DOE@example.com  ", ShopifyRecords.Start.AddDays(3)));
            await crm.RunAsync(Database, Settings);
        }

        await using var db = Database.Open();
        var people = await db.GetTable<DimCustomer>().Where(c => c.CustomerKey > 0).ToListAsync();
        Assert.That(people.Select(p => p.CustomerId).Distinct().Count(), Is.EqualTo(1));
        Assert.That(people.Single(p => p.IsCurrent).Segment, Is.EqualTo("vip"), "the shop's attributes are not overwritten by the other sources");
        var map = await db.GetTable<CustomerSourceMap>().OrderBy(m => m.SourceSystem).Select(m => m.SourceSystem + ":" + m.CustomerId).ToListAsync();
        var id = people[0].CustomerId;
        Assert.That(map, Is.EqualTo(new[] { "hubspot:" + id, "shopify:" + id, "zendesk:" + id }));
        var order = await db.GetTable<FactOrderLine>().SingleAsync();
        var ticket = await db.GetTable<FactTicket>().SingleAsync();
        var lead = await db.GetTable<FactLeadFunnel>().SingleAsync();
        Assert.That(new[] { ticket.CustomerKey, lead.CustomerKey }, Is.All.EqualTo(order.CustomerKey));
    }
}
