using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Zendesk;

/// <summary>Tickets by the incremental cursor export; deleted tickets come with status "deleted", merged ones are closed with the tag closed_by_merge.</summary>
internal sealed class ZendeskTicketsStream(ZendeskApi api) : SourceStream<StgZendeskTicket>
{
    public override string Name => "tickets";

    public override IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, CancellationToken ct) => api.IncrementalAsync("tickets", context.Cursor, ct);

    /// <summary>An API cursor: the latest one is where the next run resumes.</summary>
    public override string? Advance(string? current, string? recordCursor) => recordCursor ?? current;

    public override IEnumerable<StgZendeskTicket> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var createdAt = json.RequiredTimestamp("created_at");
        var tags = json.Array("tags").Select(t => t.GetString()).ToList();
        yield return new StgZendeskTicket
        {
            LoadId = context.LoadId,
            TicketId = context.Id(json.RequiredId("id")),
            CreatedAt = createdAt,
            CreatedDateKey = context.Settings.DateKeyOf(createdAt),
            UpdatedAt = json.RequiredTimestamp("updated_at"),
            Status = json.RequiredString("status").ToLowerInvariant(),
            Priority = json.OptionalString("priority", 20)?.ToLowerInvariant(),
            TicketType = json.OptionalString("type", 20)?.ToLowerInvariant(),
            ViaChannel = json.Property("via").OptionalString("channel", 50)?.ToLowerInvariant(),
            RequesterId = context.Id(json.OptionalId("requester_id"), optional: true),
            AssigneeId = context.Id(json.OptionalId("assignee_id"), optional: true),
            GroupId = context.Id(json.OptionalId("group_id"), optional: true),
            IsMerged = tags.Contains("closed_by_merge"),
        };
    }
}
