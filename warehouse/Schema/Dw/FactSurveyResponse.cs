using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>One survey answer (NPS, CSAT, CES, PMF, eNPS).</summary>
[Table(Schema = Areas.Dw, Name = "fact_survey_response")]
public sealed class FactSurveyResponse
{
    [Column("response_id", Length = 100, CanBeNull = false), PrimaryKey]
    public string ResponseId { get; set; } = "";

    [Column("survey_key", CanBeNull = false)]
    public int SurveyKey { get; set; }

    [Column("submitted_at", CanBeNull = false)]
    public DateTime SubmittedAt { get; set; }

    [Column("submitted_date_key", CanBeNull = false)]
    public int SubmittedDateKey { get; set; }

    [Column("customer_key", CanBeNull = false)]
    public int CustomerKey { get; set; }

    [Column("employee_group_key", CanBeNull = false)]
    public int EmployeeGroupKey { get; set; }

    [Column("channel_key", CanBeNull = false)]
    public int ChannelKey { get; set; }

    [Column("order_id", Length = 64, CanBeNull = true)]
    public string? OrderId { get; set; }

    [Column("ticket_id", Length = 50, CanBeNull = true)]
    public string? TicketId { get; set; }

    [Column("score", Precision = 9, Scale = 2, CanBeNull = true)]
    public decimal? Score { get; set; }

    [Column("choice", Length = 50, CanBeNull = true)]
    public string? Choice { get; set; }

    [Column("comment", CanBeNull = true)]
    public string? Comment { get; set; }

    /// <summary>The source instance the row came from (<c>default</c> unless instances are configured).</summary>
    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
