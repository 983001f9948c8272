using System.Globalization;
using Warehouse.Etl.Reconciliation;

namespace Warehouse.Etl.Sources.Salesforce;

/// <summary>
/// Leads and opportunities created per day, as the org counts them: <c>SELECT COUNT() FROM Lead WHERE CreatedDate &gt;=
/// … AND CreatedDate &lt; …</c> through query, which leaves deleted records out (SOQL "COUNT()"; "Query" against
/// "QueryAll"), against the warehouse's rows that are not deleted. A deleted record leaves the recycle bin after 15
/// days, so counting deleted ones would raise a false difference later. Each count is one API request of the daily
/// allowance. HubSpot fills the same facts: the warehouse's side is the rows whose load was this org's.
/// </summary>
internal static class SalesforceReconciliation
{
    public static IReadOnlyList<ReconciledObject> Objects(SalesforceApi api, SourceInstance instance)
    {
        var key = instance.Key;
        return
        [
            new ReconciledObject("leads", "leads")
            {
                CountAsync = async (p, ct) => SourceCount.Exact(await api.CountAsync(Count("Lead", p), "Lead", ct, includeDeleted: false)),
                Held = db => CrmFacts.Leads(db, key),
                CreatedField = "CreatedDate",
                IdField = "Id",
            },
            new ReconciledObject("opportunities", "opportunities")
            {
                CountAsync = async (p, ct) => SourceCount.Exact(await api.CountAsync(Count("Opportunity", p), "Opportunity", ct, includeDeleted: false)),
                Held = db => CrmFacts.Opportunities(db, key),
                CreatedField = "CreatedDate",
                IdField = "Id",
            },
        ];
    }

    // The object's name and the bounds are the program's own, not input text.
    private static string Count(string objectName, CountPeriod p) =>
        $"SELECT COUNT() FROM {objectName} WHERE CreatedDate >= {Time(p.FromUtc)} AND CreatedDate < {Time(p.ToUtc)}";

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
