using System.Globalization;
using LinqToDB;
using Warehouse.Etl.Reconciliation;
using Warehouse.Schema.Dw;

namespace Warehouse.Etl.Sources.Zendesk;

/// <summary>
/// Tickets created per day, as Zendesk counts them: the search count (search#show-results-count,
/// <c>type:ticket created&gt;=… created&lt;…</c> with UTC times; "the count property shows the actual number of results",
/// not capped at the 1,000 results a search lists). Deleted tickets are not searchable, so the warehouse's are left out
/// too. <c>tickets/count</c> is not used: it is "an approximate count", refreshed once a day above 100,000 tickets
/// (tickets#count-tickets), and has no date filter.
/// Satisfaction ratings in total, whatever their score (satisfaction_ratings#count-satisfaction-ratings, which has no date
/// filter either): exact up to 100,000, a floor above (see <see cref="ZendeskApi.RatingsCountAsync"/>).
/// </summary>
internal static class ZendeskReconciliation
{
    public static ReconciledObject Tickets(ZendeskApi api, SourceInstance instance)
    {
        var name = instance.Name;
        return new ReconciledObject("tickets", "tickets")
        {
            CountAsync = async (p, ct) => SourceCount.Exact(await api.SearchCountAsync($"type:ticket created>={Time(p.FromUtc)} created<{Time(p.ToUtc)}", ct)),
            // Intercom's conversations share the fact table, under ids of their own.
            Held = db => db.GetTable<FactTicket>()
                .Where(t => t.SourceInstance == name && !t.IsDeleted && !t.TicketId.StartsWith("intercom:"))
                .Select(t => new HeldRecord { DateKey = t.CreatedDateKey, LoadId = t.LoadId }),
        };
    }

    public static ReconciledObject Ratings(ZendeskApi api, SourceInstance instance)
    {
        var name = instance.Name;
        return new ReconciledObject("satisfaction_ratings", "satisfaction_ratings")
        {
            Whole = true,
            CountAsync = (_, ct) => api.RatingsCountAsync(ct),
            Held = db => db.GetTable<FactSatisfactionRating>()
                .Where(r => r.SourceInstance == name && !r.TicketId.StartsWith("intercom:"))
                .Select(r => new HeldRecord { DateKey = 0, LoadId = r.LoadId }),
        };
    }

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
