using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Zendesk;

/// <summary>
/// Ticket audits, newest first, read back to the watermark less the lookback: every status change
/// (Create and Change of the status field) and every comment with its author and visibility.
/// Audits never change, so reading newer ones only is complete.
/// </summary>
internal sealed class ZendeskTicketEventsStream(ZendeskApi api) : SourceStream<StgZendeskTicketEvent>
{
    public override string Name => "ticket_audits";

    public override async IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var stopBefore = context.Since;
        await foreach (var record in api.PagedAsync("api/v2/ticket_audits.json", "audits", ct))
        {
            if (stopBefore is not null && record.Json.OptionalTimestamp("created_at") is { } at && at < stopBefore) yield break;
            yield return record;
        }
    }

    public override IEnumerable<StgZendeskTicketEvent> Map(SourceRecord record, StreamContext context)
    {
        var audit = record.Json;
        var ticketId = context.Id(audit.RequiredId("ticket_id"));
        var createdAt = audit.RequiredTimestamp("created_at");
        var auditAuthor = context.Id(audit.OptionalId("author_id"), optional: true);
        foreach (var e in audit.Array("events"))
        {
            var type = e.OptionalString("type");
            if (type == "Comment")
            {
                yield return Row(e, "comment", null, null, e.OptionalBool("public") ?? false, context.Id(e.OptionalId("author_id"), optional: true) ?? auditAuthor);
            }
            else if (type is "Create" or "Change" && e.OptionalString("field_name") == "status")
            {
                yield return Row(e, "status", e.OptionalString("value", 20)?.ToLowerInvariant(), e.OptionalString("previous_value", 20)?.ToLowerInvariant(), false, auditAuthor);
            }
        }

        StgZendeskTicketEvent Row(System.Text.Json.JsonElement e, string kind, string? status, string? previous, bool isPublic, string? author) => new()
        {
            LoadId = context.LoadId, EventId = context.Id(e.RequiredId("id")), TicketId = ticketId, CreatedAt = createdAt, EventDateKey = context.Settings.DateKeyOf(createdAt), AuthorId = author,
            EventKind = kind, Status = status, PreviousStatus = previous, IsPublic = isPublic,
        };
    }
}
