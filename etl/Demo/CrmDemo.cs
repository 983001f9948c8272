using static Warehouse.Etl.Demo.DemoWorld;

namespace Warehouse.Etl.Demo;

/// <summary>
/// The CRM in HubSpot CRM v3 shapes: owners with teams, companies, contacts with their lifecycle stage
/// dates (the shop's customers plus leads that never buy, some archived) and deals (won, lost, open,
/// some moved back a stage). The same CRM is written in Salesforce REST shapes too (users, accounts, leads with their
/// conversion, contacts of converted leads, opportunities), without drawing another random number, so that
/// <c>demo --crm salesforce</c> tells the same story through the other CRM.
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
            output.Json("salesforce", "User", Salesforce("User", $"005{2000 + o}", world.Start.AddYears(-1), false, new()
            {
                ["Name"] = $"{DemoCatalogue.FirstNames[o + 10]} Seller", ["Department"] = o < 3 ? "Inbound" : "Enterprise", ["IsActive"] = true, ["CreatedDate"] = SalesforceTime(world.Start.AddYears(-1)),
            }));
        }

        for (var c = 0; c < Math.Max(5, world.People.Count / 10); c++)
        {
            output.Json("hubspot", "companies", new
            {
                id = (60_000 + c).ToString(System.Globalization.CultureInfo.InvariantCulture),
                properties = new { name = $"Company {c}", domain = $"company{c}.example", createdate = Iso(world.Start), hs_lastmodifieddate = Iso(world.Start) },
                createdAt = Iso(world.Start), updatedAt = Iso(world.Start), archived = false,
            });
            output.Json("salesforce", "Account", Salesforce("Account", $"001{60_000 + c}", world.Start, false, new()
            {
                ["Name"] = $"Company {c}", ["Website"] = $"company{c}.example", ["CreatedDate"] = SalesforceTime(world.Start),
            }));
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
        var source = world.Pick(Sources);
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
                hs_analytics_source = source, hs_analytics_source_data_1 = campaign, hubspot_owner_id = owner,
            },
            createdAt = Iso(created), updatedAt = Iso(modified), archived,
        });
        if (opportunity is null)
        {
            WriteLead(id, email, created, modified, owner, archived, source, null);
            return;
        }

        var closeRoll = world.Random.NextDouble();
        var closed = opportunity.Value.AddDays(5 + world.Random.Next(60));
        var won = customer is not null || (closeRoll < 0.3 && closed < world.End);
        var lost = !won && closeRoll < 0.7 && closed < world.End;
        var dealStage = won ? "closedwon" : lost ? "closedlost" : world.Pick(OpenStages);
        var movedBack = !won && !lost && world.Random.NextDouble() < 0.1;
        var dealUpdated = won || lost ? closed : movedBack ? opportunity.Value.AddDays(10) : opportunity.Value;
        if (dealUpdated > world.End) dealUpdated = world.End;
        var amount = Money(500m + world.Random.Next(20_000));
        var closeDate = closed > world.End ? world.End : closed;
        output.Json("hubspot", "deals", new
        {
            id = (dealId++).ToString(System.Globalization.CultureInfo.InvariantCulture),
            properties = new
            {
                dealname = $"Deal for {first} {last}", amount, dealstage = movedBack ? "qualifiedtobuy" : dealStage, pipeline = "default",
                createdate = Iso(opportunity.Value), closedate = won || lost ? Iso(closeDate) : null,
                hs_is_closed_won = won ? "true" : "false", hs_is_closed = won || lost ? "true" : "false", hubspot_owner_id = owner,
                deal_currency_code = "USD", hs_lastmodifieddate = Iso(dealUpdated),
            },
            createdAt = Iso(opportunity.Value), updatedAt = Iso(dealUpdated), archived = false,
            associations = new { contacts = new { results = new[] { new { id = id.ToString(System.Globalization.CultureInfo.InvariantCulture), type = "deal_to_contact" } } } },
        });
        var opportunityId = $"006{dealId - 1}";
        WriteLead(id, email, created, modified, owner, archived, source, (opportunity.Value, opportunityId));
        output.Json("salesforce", "Opportunity", Salesforce("Opportunity", opportunityId, dealUpdated, false, new()
        {
            ["StageName"] = won ? "Closed Won" : lost ? "Closed Lost" : movedBack ? "Qualification" : "Proposal/Price Quote", ["IsClosed"] = won || lost, ["IsWon"] = won,
            ["Amount"] = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), ["CloseDate"] = closeDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["LeadSource"] = source.ToLowerInvariant(), ["OwnerId"] = $"005{owner}", ["CreatedDate"] = SalesforceTime(opportunity.Value),
        }));
    }

    /// <summary>The contact's story as a Salesforce lead, converted (with a contact) on the day its opportunity was created.</summary>
    private void WriteLead(long id, string email, DateTime created, DateTime modified, string owner, bool archived, string source, (DateTime At, string Id)? converted)
    {
        output.Json("salesforce", "Lead", Salesforce("Lead", $"00Q{id}", modified, archived, new()
        {
            ["Email"] = email, ["Status"] = converted is null ? "Open - Not Contacted" : "Closed - Converted", ["IsConverted"] = converted is not null,
            ["ConvertedDate"] = converted?.At.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["ConvertedOpportunityId"] = converted?.Id,
            ["ConvertedContactId"] = converted is null ? null : $"003{id}", ["LeadSource"] = source.ToLowerInvariant(), ["OwnerId"] = $"005{owner}", ["CreatedDate"] = SalesforceTime(created),
        }));
        if (converted is { } c)
        {
            output.Json("salesforce", "Contact", Salesforce("Contact", $"003{id}", c.At, false, new() { ["Email"] = email, ["CreatedDate"] = SalesforceTime(c.At) }));
        }
    }

    private static string SalesforceTime(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ss.fff+0000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A record as the REST API answers it: attributes, Id, IsDeleted, the fields, SystemModstamp.</summary>
    private static Dictionary<string, object?> Salesforce(string type, string id, DateTime modified, bool deleted, Dictionary<string, object?> fields)
    {
        var record = new Dictionary<string, object?> { ["attributes"] = new { type, url = $"/services/data/v62.0/sobjects/{type}/{id}" }, ["Id"] = id, ["IsDeleted"] = deleted };
        foreach (var (name, value) in fields) record[name] = value;
        record["SystemModstamp"] = SalesforceTime(modified);
        return record;
    }
}