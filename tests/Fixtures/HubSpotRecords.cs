using System.Text.Json;
using static Warehouse.Tests.Fixtures.ShopifyRecords;

namespace Warehouse.Tests.Fixtures;

/// <summary>Hand-made records in the HubSpot CRM v3 shapes.</summary>
internal static class HubSpotRecords
{
    public static string Owner(long id, string first, string team) => JsonSerializer.Serialize(new
    {
        id = id.ToString(System.Globalization.CultureInfo.InvariantCulture), email = first.ToLowerInvariant() + "@sales.example.com", firstName = first, lastName = "Seller",
        teams = new[] { new { id = "1", name = team, primary = true } }, createdAt = Time(Start.AddYears(-1)), updatedAt = Time(Start.AddYears(-1)), archived = false,
    });

    public static string Contact(long id, string email, DateTime created, DateTime? mql = null, DateTime? opportunity = null, DateTime? customer = null,
        DateTime? updated = null, bool archived = false, string source = "ORGANIC_SEARCH", long owner = 2000) => JsonSerializer.Serialize(new
    {
        id = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        properties = new
        {
            email, createdate = Time(created), lastmodifieddate = Time(updated ?? created),
            lifecyclestage = customer is not null ? "customer" : opportunity is not null ? "opportunity" : mql is not null ? "marketingqualifiedlead" : "lead",
            hs_lifecyclestage_lead_date = Time(created),
            hs_lifecyclestage_marketingqualifiedlead_date = mql is null ? null : Time(mql.Value),
            hs_lifecyclestage_opportunity_date = opportunity is null ? null : Time(opportunity.Value),
            hs_lifecyclestage_customer_date = customer is null ? null : Time(customer.Value),
            hs_analytics_source = source, hs_analytics_source_data_1 = (string?)null, hubspot_owner_id = owner.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
        createdAt = Time(created), updatedAt = Time(updated ?? created), archived,
    });

    public static string Deal(long id, long contact, DateTime created, string stage, DateTime? closed = null, decimal amount = 1000m, DateTime? updated = null, long owner = 2000) =>
        JsonSerializer.Serialize(new
        {
            id = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            properties = new
            {
                dealname = "Deal " + id, amount = amount.ToString(System.Globalization.CultureInfo.InvariantCulture), dealstage = stage, pipeline = "default",
                createdate = Time(created), closedate = closed is null ? null : Time(closed.Value), hs_is_closed_won = stage == "closedwon" ? "true" : "false",
                hs_is_closed = stage is "closedwon" or "closedlost" ? "true" : "false", hubspot_owner_id = owner.ToString(System.Globalization.CultureInfo.InvariantCulture),
                deal_currency_code = "USD", hs_lastmodifieddate = Time(updated ?? closed ?? created),
            },
            createdAt = Time(created), updatedAt = Time(updated ?? closed ?? created), archived = false,
            associations = new { contacts = new { results = new[] { new { id = contact.ToString(System.Globalization.CultureInfo.InvariantCulture), type = "deal_to_contact" } } } },
        });
}
