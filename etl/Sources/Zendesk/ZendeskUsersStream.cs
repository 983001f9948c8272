using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Zendesk;

/// <summary>Users by the incremental cursor export: agents and admins, and end users (requesters).</summary>
internal sealed class ZendeskUsersStream(ZendeskApi api) : SourceStream<StgZendeskUser>
{
    public override string Name => "users";

    public override IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, CancellationToken ct) => api.IncrementalAsync("users", context.Cursor, ct);

    public override string? Advance(string? current, string? recordCursor) => recordCursor ?? current;

    public override IEnumerable<StgZendeskUser> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var id = context.Id(json.RequiredId("id"));
        var role = (json.OptionalString("role", 20) ?? "end-user").ToLowerInvariant();
        var email = json.OptionalString("email", 320);
        var isAgent = role is "agent" or "admin";
        yield return new StgZendeskUser
        {
            LoadId = context.LoadId,
            UserId = id,
            Role = role,
            CustomerNk = isAgent ? null : CustomerIdentity.Of(email, "zendesk", id),
            EmailHash = CustomerIdentity.Hash(email),
            Email = context.Settings.StoreEmail ? CustomerIdentity.Normalize(email) : null,
            AgentName = isAgent ? json.OptionalString("name", 200) : null,
            DefaultGroupId = context.Id(json.OptionalId("default_group_id"), optional: true),
            UpdatedAt = json.RequiredTimestamp("updated_at"),
        };
    }
}
