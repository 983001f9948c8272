using System.Text.Json;
using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Intercom;

/// <summary>Teams ("List all teams", GET /teams): the support groups. Read whole every run.</summary>
internal sealed class IntercomTeamsStream(IntercomApi api) : SourceStream<StgIntercomTeam>
{
    public override string Name => "teams";

    public override IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, CancellationToken ct) => api.ListAsync("teams", "teams", ct);

    public override IEnumerable<StgIntercomTeam> Map(SourceRecord record, StreamContext context)
    {
        yield return new StgIntercomTeam
        {
            LoadId = context.LoadId, TeamId = context.Id(record.Json.RequiredId("id")), TeamName = record.Json.OptionalString("name", 100) ?? "Team " + record.Json.RequiredId("id"), ReadAt = DateTime.UtcNow,
        };
    }
}

/// <summary>Admins ("List all admins", GET /admins): the teammates who answer conversations. Read whole every run.</summary>
internal sealed class IntercomAdminsStream(IntercomApi api) : SourceStream<StgIntercomAdmin>
{
    public override string Name => "admins";

    public override IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, CancellationToken ct) => api.ListAsync("admins", "admins", ct);

    public override IEnumerable<StgIntercomAdmin> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var team = json.Array("team_ids").Select(t => t.ValueKind == JsonValueKind.Number ? t.GetRawText() : t.GetString()).FirstOrDefault(t => !string.IsNullOrEmpty(t));
        yield return new StgIntercomAdmin
        {
            LoadId = context.LoadId, AdminId = context.Id(json.RequiredId("id")), AdminName = json.OptionalString("name", 200), TeamId = context.Id(team, optional: true), ReadAt = DateTime.UtcNow,
        };
    }
}

/// <summary>Companies ("Scroll over all companies"): the organisations of the workspace, read whole every run.</summary>
internal sealed class IntercomCompaniesStream(IntercomApi api) : SourceStream<StgIntercomCompany>
{
    public override string Name => "companies";

    public override IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, CancellationToken ct) => api.ScrollAsync("companies/scroll", ct);

    public override string? Advance(string? current, string? recordCursor) => null;

    public override IEnumerable<StgIntercomCompany> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var id = context.Id(json.RequiredId("id"));
        yield return new StgIntercomCompany
        {
            LoadId = context.LoadId,
            CompanyId = id,
            CompanyName = json.OptionalString("name", 300) ?? id,
            Domain = json.OptionalString("website", 300),
            UpdatedAt = IntercomApi.Time(json, "updated_at") ?? IntercomApi.Time(json, "created_at") ?? throw new RecordRejectedException("missing date 'updated_at'"),
        };
    }
}

/// <summary>Contacts, users and leads ("Search contacts", POST /contacts/search on updated_at): conformed customers by e-mail.</summary>
internal sealed class IntercomContactsStream(IntercomApi api) : SourceStream<StgIntercomContact>
{
    public override string Name => "contacts";

    public override IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, CancellationToken ct) => api.SearchAsync("contacts/search", "data", context.Since, ct);

    public override IEnumerable<StgIntercomContact> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var id = context.Id(json.RequiredId("id"));
        var email = json.OptionalString("email", 320);
        yield return new StgIntercomContact
        {
            LoadId = context.LoadId, ContactId = id, Role = (json.OptionalString("role", 20) ?? "user").ToLowerInvariant(),
            CustomerNk = CustomerIdentity.Of(email, "intercom", id), EmailHash = CustomerIdentity.Hash(email),
            Email = context.Settings.StoreEmail ? CustomerIdentity.Normalize(email) : null,
            UpdatedAt = IntercomApi.Time(json, "updated_at") ?? throw new RecordRejectedException("missing date 'updated_at'"),
        };
    }
}

/// <summary>
/// Conversations ("Search conversations", POST /conversations/search on updated_at): the header, the statistics and
/// the rating. A conversation has one <c>conversation_rating</c>; a second rating replaces the first.
/// </summary>
internal sealed class IntercomConversationsStream(IntercomApi api) : SourceStream<StgIntercomConversation>
{
    public override string Name => "conversations";

    public override IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, CancellationToken ct) => api.SearchAsync("conversations/search", "conversations", context.Since, ct);

    public override IEnumerable<StgIntercomConversation> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var createdAt = IntercomApi.Time(json, "created_at") ?? throw new RecordRejectedException("missing date 'created_at'");
        var statistics = json.Property("statistics");
        var rating = json.Property("conversation_rating");
        var score = rating.ValueKind == JsonValueKind.Object ? rating.OptionalInt("rating") : null;
        if (score is < 1 or > 5) throw new RecordRejectedException($"conversation_rating.rating {score} is outside 1 to 5");
        var ratedAt = score is null ? null : IntercomApi.Time(rating, "created_at");
        yield return new StgIntercomConversation
        {
            LoadId = context.LoadId,
            ConversationId = IntercomConversation.Id(json.RequiredId("id"), context),
            CreatedAt = createdAt,
            CreatedDateKey = context.Settings.DateKeyOf(createdAt),
            UpdatedAt = IntercomApi.Time(json, "updated_at") ?? createdAt,
            State = (json.OptionalString("state", 20) ?? "open").ToLowerInvariant(),
            Priority = json.OptionalString("priority", 20)?.ToLowerInvariant(),
            SourceType = json.Property("source").OptionalString("type", 50)?.ToLowerInvariant(),
            ContactId = context.Id(json.Property("contacts").Array("contacts").Select(c => c.OptionalId("id")).FirstOrDefault(c => c is not null), optional: true),
            AdminAssigneeId = context.Id(json.OptionalId("admin_assignee_id"), optional: true),
            TeamAssigneeId = context.Id(json.OptionalId("team_assignee_id"), optional: true),
            FirstAdminReplyAt = IntercomApi.Time(statistics, "first_admin_reply_at"),
            FirstCloseAt = IntercomApi.Time(statistics, "first_close_at"),
            LastCloseAt = IntercomApi.Time(statistics, "last_close_at"),
            LastCloseDateKey = IntercomApi.Time(statistics, "last_close_at") is { } closed ? context.Settings.DateKeyOf(closed) : null,
            CountReopens = statistics.ValueKind == JsonValueKind.Object ? statistics.OptionalInt("count_reopens") : null,
            Rating = ratedAt is null ? null : score,
            RatingRemark = ratedAt is null ? null : rating.OptionalString("remark", 4000),
            RatedAt = ratedAt,
            RatedDateKey = ratedAt is { } at ? context.Settings.DateKeyOf(at) : null,
            RatingAdminId = ratedAt is null ? null : context.Id(rating.Property("teammate").OptionalId("id"), optional: true),
        };
    }
}

/// <summary>
/// Each changed conversation read whole ("Retrieve a conversation", GET /conversations/{id}) for its parts: the opening
/// message (<c>source</c>), comments and notes, closes and reopens (<see cref="IntercomConversation.Events"/>).
/// </summary>
internal sealed class IntercomConversationPartsStream(IntercomApi api) : SourceStream<StgIntercomConversationPart>
{
    public override string Name => "conversation_parts";

    public override async IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var listed in api.SearchAsync("conversations/search", "conversations", context.Since, ct))
        {
            using var conversation = await api.ConversationAsync(listed.Json.RequiredId("id"), ct);
            yield return new SourceRecord(conversation.RootElement.Clone(), listed.Cursor);
        }
    }

    public override IEnumerable<StgIntercomConversationPart> Map(SourceRecord record, StreamContext context) => IntercomConversation.Events(record.Json, context);
}
