using LinqToDB;
using Warehouse.Etl.Reconciliation;
using Warehouse.Schema.Dw;

namespace Warehouse.Etl.Sources.Intercom;

/// <summary>
/// Conversations created per day, as Intercom counts them: the <c>total_count</c> of "Search conversations" with
/// <c>created_at</c> from the day's first second to its last (both operators are "or equal", Accepted Operators).
/// Conversations share the ticket fact with Zendesk's tickets, under ids of their own (<c>intercom:</c>).
/// </summary>
internal static class IntercomReconciliation
{
    public static ReconciledObject Conversations(IntercomApi api, SourceInstance instance)
    {
        var name = instance.Name;
        return new ReconciledObject("conversations", "conversations")
        {
            CountAsync = async (p, ct) => SourceCount.Exact(await api.CreatedCountAsync("conversations/search", "conversations", p.FromUtc, p.ToUtc, ct)),
            Held = db => db.GetTable<FactTicket>()
                .Where(t => t.SourceInstance == name && t.TicketId.StartsWith("intercom:"))
                .Select(t => new HeldRecord { DateKey = t.CreatedDateKey, LoadId = t.LoadId }),
        };
    }
}
