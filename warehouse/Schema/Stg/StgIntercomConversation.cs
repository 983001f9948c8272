using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Intercom conversations as the search lists them: header, statistics and rating (parts come from stg.intercom_conversation_part).</summary>
[Table(Schema = Areas.Stg, Name = "intercom_conversation")]
public sealed class StgIntercomConversation : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("conversation_id", Length = 60, CanBeNull = false)]
    public string ConversationId { get; set; } = "";

    [Column("created_at", CanBeNull = false)]
    public DateTime CreatedAt { get; set; }

    [Column("created_date_key", CanBeNull = false)]
    public int CreatedDateKey { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }

    [Column("state", Length = 20, CanBeNull = false)]
    public string State { get; set; } = "";

    [Column("priority", Length = 20, CanBeNull = true)]
    public string? Priority { get; set; }

    [Column("source_type", Length = 50, CanBeNull = true)]
    public string? SourceType { get; set; }

    [Column("contact_id", Length = 50, CanBeNull = true)]
    public string? ContactId { get; set; }

    [Column("admin_assignee_id", Length = 50, CanBeNull = true)]
    public string? AdminAssigneeId { get; set; }

    [Column("team_assignee_id", Length = 50, CanBeNull = true)]
    public string? TeamAssigneeId { get; set; }

    /// <summary>statistics.first_admin_reply_at: used when the parts are capped.</summary>
    [Column("first_admin_reply_at", CanBeNull = true)]
    public DateTime? FirstAdminReplyAt { get; set; }

    [Column("first_close_at", CanBeNull = true)]
    public DateTime? FirstCloseAt { get; set; }

    [Column("last_close_at", CanBeNull = true)]
    public DateTime? LastCloseAt { get; set; }

    [Column("last_close_date_key", CanBeNull = true)]
    public int? LastCloseDateKey { get; set; }

    [Column("count_reopens", CanBeNull = true)]
    public int? CountReopens { get; set; }

    /// <summary>conversation_rating.rating, 1 to 5.</summary>
    [Column("rating", CanBeNull = true)]
    public int? Rating { get; set; }

    [Column("rating_remark", CanBeNull = true)]
    public string? RatingRemark { get; set; }

    [Column("rated_at", CanBeNull = true)]
    public DateTime? RatedAt { get; set; }

    [Column("rated_date_key", CanBeNull = true)]
    public int? RatedDateKey { get; set; }

    [Column("rating_admin_id", Length = 50, CanBeNull = true)]
    public string? RatingAdminId { get; set; }
}
