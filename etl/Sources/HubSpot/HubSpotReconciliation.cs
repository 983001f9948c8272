using Warehouse.Etl.Reconciliation;

namespace Warehouse.Etl.Sources.HubSpot;

/// <summary>
/// Contacts and deals per day, as HubSpot counts them: the search's <c>total</c> (search-the-crm) for the period's UTC
/// bounds, GTE the start and LT the end in epoch milliseconds. A contact is counted on the day it became a lead, as the
/// lead funnel counts it: <c>hs_lifecyclestage_lead_date</c> in the period, or no such date and <c>createdate</c> in it
/// (two filter groups, ORed). Archived records are not searchable (search-the-crm: "archived records are not
/// returned"), so the warehouse's archived rows are left out too. HubSpot and Salesforce fill the same facts: the
/// warehouse's side is the rows whose load was HubSpot's.
/// </summary>
internal static class HubSpotReconciliation
{
    private const string LeadDate = "hs_lifecyclestage_lead_date";

    public static IReadOnlyList<ReconciledObject> Objects(HubSpotApi api, SourceInstance instance)
    {
        var key = instance.Key;
        return
        [
            new ReconciledObject("contacts", "contacts")
            {
                CountAsync = async (p, ct) => SourceCount.Exact(await api.SearchTotalAsync("contacts",
                [
                    [SearchFilter.At(LeadDate, "GTE", p.FromUtc), SearchFilter.At(LeadDate, "LT", p.ToUtc)],
                    [new SearchFilter(LeadDate, "NOT_HAS_PROPERTY"), SearchFilter.At("createdate", "GTE", p.FromUtc), SearchFilter.At("createdate", "LT", p.ToUtc)],
                ], ct)),
                Held = db => CrmFacts.Leads(db, key),
                CreatedField = "createdAt",
            },
            new ReconciledObject("deals", "deals")
            {
                CountAsync = async (p, ct) => SourceCount.Exact(await api.SearchTotalAsync("deals",
                    [[SearchFilter.At("createdate", "GTE", p.FromUtc), SearchFilter.At("createdate", "LT", p.ToUtc)]], ct)),
                Held = db => CrmFacts.Opportunities(db, key),
                CreatedField = "createdAt",
            },
        ];
    }
}
