using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Zendesk;

/// <summary>Groups: a small list read whole on every run.</summary>
internal sealed class ZendeskGroupsStream(ZendeskApi api) : SourceStream<StgZendeskGroup>
{
    public override string Name => "groups";

    public override IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, CancellationToken ct) => api.PagedAsync("api/v2/groups.json", "groups", ct);

    public override string? Advance(string? current, string? recordCursor) => null;

    public override IEnumerable<StgZendeskGroup> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        yield return new StgZendeskGroup
        {
            LoadId = context.LoadId, GroupId = context.Id(json.RequiredId("id")), GroupName = json.RequiredString("name"), UpdatedAt = json.RequiredTimestamp("updated_at"),
        };
    }
}

/// <summary>SLA policies, flattened to one row per priority and metric; read whole on every run.</summary>
internal sealed class ZendeskSlaPoliciesStream(ZendeskApi api) : SourceStream<StgZendeskSlaTarget>
{
    public override string Name => "sla_policies";

    public override IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, CancellationToken ct) => api.PagedAsync("api/v2/slas/policies.json", "sla_policies", ct);

    public override string? Advance(string? current, string? recordCursor) => null;

    public override IEnumerable<StgZendeskSlaTarget> Map(SourceRecord record, StreamContext context)
    {
        var policy = record.Json;
        var id = context.Id(policy.RequiredId("id"));
        var title = policy.OptionalString("title", 200) ?? id;
        foreach (var metric in policy.Array("policy_metrics"))
        {
            var target = metric.RequiredInt("target");
            if (target <= 0) throw new RecordRejectedException($"SLA target must be positive, found {target}");
            yield return new StgZendeskSlaTarget
            {
                LoadId = context.LoadId, PolicyId = id, PolicyTitle = title,
                Priority = context.Id(metric.RequiredString("priority").ToLowerInvariant()), Metric = metric.RequiredString("metric").ToLowerInvariant(),
                TargetMinutes = target, IsBusinessHours = metric.OptionalBool("business_hours") ?? false,
            };
        }
    }
}

/// <summary>Satisfaction ratings (good, bad, offered), incremental by updated_at.</summary>
internal sealed class ZendeskSatisfactionRatingsStream(ZendeskApi api) : SourceStream<StgZendeskSatisfactionRating>
{
    public override string Name => "satisfaction_ratings";

    public override IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, CancellationToken ct)
    {
        var since = context.Since is { } at ? new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeSeconds() : 0;
        return api.PagedAsync($"api/v2/satisfaction_ratings.json?start_time={since}", "satisfaction_ratings", ct);
    }

    public override IEnumerable<StgZendeskSatisfactionRating> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var score = json.RequiredString("score").ToLowerInvariant();
        if (score is not ("good" or "bad" or "offered" or "unoffered")) throw new RecordRejectedException($"unknown satisfaction score '{score}'");
        var createdAt = json.RequiredTimestamp("created_at");
        yield return new StgZendeskSatisfactionRating
        {
            LoadId = context.LoadId, RatingId = context.Id(json.RequiredId("id")), TicketId = context.Id(json.RequiredId("ticket_id")), Score = score,
            Comment = json.OptionalString("comment", 4000), RequesterId = context.Id(json.OptionalId("requester_id"), optional: true), AssigneeId = context.Id(json.OptionalId("assignee_id"), optional: true),
            CreatedAt = createdAt, RatedDateKey = context.Settings.DateKeyOf(createdAt), UpdatedAt = json.RequiredTimestamp("updated_at"),
        };
    }
}
