using static Warehouse.Etl.Demo.DemoWorld;

namespace Warehouse.Etl.Demo;

/// <summary>
/// The CRM in HubSpot CRM v3 shapes: owners with teams, companies, contacts with their lifecycle stage
/// dates (the shop's customers plus leads that never buy, some archived) and deals (won, lost, open,
/// some moved back a stage).
/// </summary>
internal sealed class CrmDemo(DemoWorld world, DemoOutput output)
{
    private static readonly string[] Sources = ["ORGANIC_SEARCH", "PAID_SEARCH", "PAID_SOCIAL", "EMAIL_MARKETING", "REFERRALS", "DIRECT_TRAFFIC"];
    private static readonly string[] OpenStages = ["appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent"];

    public void Write(CancellationToken ct)
    {
        for (var o = 0; o < 6; o++)
        {
            output.Json("hubspot", "owners", new
            {
                id = (2000 + o).ToString(System.Globalization.CultureInfo.InvariantCulture), email = $"owner{o}@sales.example.com", firstName = DemoCatalogue.FirstNames[o + 10], lastName = "Seller",
                userId = 9000 + o, teams = new[] { new { id = o < 3 ? "1" : "2", name = o < 3 ? "Inbound" : "Enterprise", primary = true } },
                createdAt = Iso(world.Start.AddYears(-1)), updatedAt = Iso(world.Start.AddYears(-1)), archived = false,
            });
        }

        for (var c = 0; c < Math.Max(5, world.People.Count / 10); c++)
        {
            output.Json("hubspot", "companies", new
            {
                id = (60_000 + c).ToString(System.Globalization.CultureInfo.InvariantCulture),
                properties = new { name = $"Company {c}", domain = $"company{c}.example", createdate = Iso(world.Start), hs_lastmodifieddate = Iso(world.Start) },
                createdAt = Iso(world.Start), updatedAt = Iso(world.Start), archived = false,
            });
        }

        var contactId = 100_000L;
        var dealId = 300_000L;
        foreach (var person in world.People)
        {
            ct.ThrowIfCancellationRequested();
            WriteContact(contactId++, person.EmailAsTypedElsewhere(world.Random), person.FirstName, person.LastName, person.Since.AddDays(-world.Random.Next(60)), becomesCustomer: person.Since, ref dealId);
        }

        for (var l = 0; l < world.People.Count; l++)
        {
            var created = world.RandomTime(world.Start, world.End.AddDays(-1));
            WriteContact(contactId++, $"lead.{l}@prospect.example", "Lead", l.ToString(System.Globalization.CultureInfo.InvariantCulture), created, becomesCustomer: null, ref dealId);
        }
    }

    private void WriteContact(long id, string email, string first, string last, DateTime created, DateTime? becomesCustomer, ref long dealId)
    {
        if (created < world.Start) created = world.Start;
        var mql = world.Random.NextDouble() < 0.6 ? created.AddDays(1 + world.Random.Next(20)) : (DateTime?)null;
        var opportunity = mql is not null && (becomesCustomer is not null || world.Random.NextDouble() < 0.35) ? mql.Value.AddDays(1 + world.Random.Next(30)) : (DateTime?)null;
        var customer = becomesCustomer is not null && opportunity is not null ? (opportunity.Value > becomesCustomer ? opportunity : becomesCustomer) : null;
        if (opportunity > world.End) opportunity = null;
        if (customer > world.End) customer = null;
        var stage = customer is not null ? "customer" : opportunity is not null ? "opportunity" : mql is not null && mql < world.End ? "marketingqualifiedlead" : "lead";
        var campaign = world.Random.NextDouble() < 0.5 ? world.Pick(DemoCatalogue.Campaigns).Id : null;
        var owner = (2000 + world.Random.Next(6)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var archived = world.Random.NextDouble() < 0.01;
        var modified = (customer ?? opportunity ?? mql ?? created) > world.End ? world.End : customer ?? opportunity ?? mql ?? created;
        output.Json("hubspot", "contacts", new
        {
            id = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            properties = new
            {
                email, firstname = first, lastname = last, lifecyclestage = stage, createdate = Iso(created), lastmodifieddate = Iso(modified),
                hs_lifecyclestage_lead_date = Iso(created),
                hs_lifecyclestage_marketingqualifiedlead_date = mql is null || mql > world.End ? null : Iso(mql.Value),
                hs_lifecyclestage_opportunity_date = opportunity is null ? null : Iso(opportunity.Value),
                hs_lifecyclestage_customer_date = customer is null ? null : Iso(customer.Value),
                hs_analytics_source = world.Pick(Sources), hs_analytics_source_data_1 = campaign, hubspot_owner_id = owner,
            },
            createdAt = Iso(created), updatedAt = Iso(modified), archived,
        });
        if (opportunity is null) return;

        var closeRoll = world.Random.NextDouble();
        var closed = opportunity.Value.AddDays(5 + world.Random.Next(60));
        var won = customer is not null || (closeRoll < 0.3 && closed < world.End);
        var lost = !won && closeRoll < 0.7 && closed < world.End;
        var dealStage = won ? "closedwon" : lost ? "closedlost" : world.Pick(OpenStages);
        var movedBack = !won && !lost && world.Random.NextDouble() < 0.1;
        var dealUpdated = won || lost ? closed : movedBack ? opportunity.Value.AddDays(10) : opportunity.Value;
        if (dealUpdated > world.End) dealUpdated = world.End;
        output.Json("hubspot", "deals", new
        {
            id = (dealId++).ToString(System.Globalization.CultureInfo.InvariantCulture),
            properties = new
            {
                dealname = $"Deal for {first} {last}", amount = Money(500m + world.Random.Next(20_000)), dealstage = movedBack ? "qualifiedtobuy" : dealStage, pipeline = "default",
                createdate = Iso(opportunity.Value), closedate = won || lost ? Iso(closed > world.End ? world.End : closed) : null,
                hs_is_closed_won = won ? "true" : "false", hs_is_closed = won || lost ? "true" : "false", hubspot_owner_id = owner,
                deal_currency_code = "USD", hs_lastmodifieddate = Iso(dealUpdated),
            },
            createdAt = Iso(opportunity.Value), updatedAt = Iso(dealUpdated), archived = false,
            associations = new { contacts = new { results = new[] { new { id = id.ToString(System.Globalization.CultureInfo.InvariantCulture), type = "deal_to_contact" } } } },
        });
    }
}
