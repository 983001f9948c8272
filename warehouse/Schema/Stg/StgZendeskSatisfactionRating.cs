using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Zendesk satisfaction ratings: good, bad, or offered and not answered.</summary>
[Table(Schema = Areas.Stg, Name = "zendesk_satisfaction_rating")]
public sealed class StgZendeskSatisfactionRating : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("rating_id", Length = 50, CanBeNull = false)]
    public string RatingId { get; set; } = "";

    [Column("ticket_id", Length = 50, CanBeNull = false)]
    public string TicketId { get; set; } = "";

    [Column("score", Length = 20, CanBeNull = false)]
    public string Score { get; set; } = "";

    [Column("comment", CanBeNull = true)]
    public string? Comment { get; set; }

    [Column("requester_id", Length = 50, CanBeNull = true)]
    public string? RequesterId { get; set; }

    [Column("assignee_id", Length = 50, CanBeNull = true)]
    public string? AssigneeId { get; set; }

    [Column("created_at", CanBeNull = false)]
    public DateTime CreatedAt { get; set; }

    [Column("rated_date_key", CanBeNull = false)]
    public int RatedDateKey { get; set; }

    [Column("updated_at", CanBeNull = false)]
    public DateTime UpdatedAt { get; set; }
}
