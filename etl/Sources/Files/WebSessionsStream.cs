using Warehouse.Engines;
using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Files;

/// <summary>
/// Web analytics sessions: a GA4 BigQuery export flattened to one row per session. Landed as one row
/// per key event (goal) of the session, or one row without a goal.
/// </summary>
public sealed class WebSessionsStream(DropFolder folder, WarehouseDatabase database, DropStreamSettings settings) : DropFolderStream<StgWebSession>(folder, database, settings)
{
    public override string Name => "web_sessions";

    protected override IReadOnlyList<string> RequiredColumns { get; } = ["session_id", "session_start", "source", "medium", "page_views"];

    public override IEnumerable<StgWebSession> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var startedAt = json.RequiredTimestamp("session_start", Zone);
        var pageViews = json.RequiredInt("page_views");
        if (pageViews < 0) throw new RecordRejectedException($"'page_views' is negative: {pageViews}");
        var goals = (json.OptionalString("key_events") ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        var session = new StgWebSession
        {
            LoadId = context.LoadId,
            SessionId = context.Id(json.RequiredId("session_id")),
            UserPseudoId = json.OptionalString("user_pseudo_id", 100),
            UserId = json.OptionalString("user_id", 100),
            StartedAt = startedAt,
            SessionDateKey = context.Settings.DateKeyOf(startedAt),
            TrafficSource = json.OptionalString("source", 100) ?? "(direct)",
            TrafficMedium = json.OptionalString("medium", 100) ?? "(none)",
            Campaign = Campaign(json.OptionalString("campaign", 100)),
            LandingPage = json.OptionalString("landing_page", 1000),
            PageViews = pageViews,
            IsEngaged = json.OptionalBool("engaged") ?? false,
            KeyEventCount = goals.Count,
            TransactionId = json.OptionalString("transaction_id", 64),
            DeviceCategory = json.OptionalString("device_category", 30),
            Country = json.OptionalString("country", 100),
            SourceRow = ReadOrderOf(record),
        };
        if (goals.Count == 0)
        {
            yield return session;
            yield break;
        }

        foreach (var goal in goals)
        {
            var row = Copy(session);
            row.GoalName = goal.Length > 100 ? throw new RecordRejectedException($"key event name longer than 100 characters: '{goal[..40]}...'") : goal;
            yield return row;
        }
    }

    // GA4 writes "(not set)", "(organic)" and similar for sessions without a campaign.
    private static string? Campaign(string? campaign) => campaign is null || campaign.StartsWith('(') ? null : campaign;

    private static StgWebSession Copy(StgWebSession s) => new()
    {
        LoadId = s.LoadId, SessionId = s.SessionId, UserPseudoId = s.UserPseudoId, UserId = s.UserId, StartedAt = s.StartedAt,
        SessionDateKey = s.SessionDateKey, TrafficSource = s.TrafficSource, TrafficMedium = s.TrafficMedium, Campaign = s.Campaign,
        LandingPage = s.LandingPage, PageViews = s.PageViews, IsEngaged = s.IsEngaged, KeyEventCount = s.KeyEventCount,
        TransactionId = s.TransactionId, DeviceCategory = s.DeviceCategory, Country = s.Country, SourceRow = s.SourceRow,
    };
}
