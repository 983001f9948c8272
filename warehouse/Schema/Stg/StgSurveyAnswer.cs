using LinqToDB.Mapping;

namespace Warehouse.Schema.Stg;

/// <summary>Survey answers from the file drop (employee answers carry no identity).</summary>
[Table(Schema = Areas.Stg, Name = "survey_answer")]
public sealed class StgSurveyAnswer : IStagingRow
{
    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }

    [Column(SourceInstanceColumn.Name, Length = SourceInstanceColumn.Length, CanBeNull = false)]
    public string SourceInstance { get; set; } = SourceInstanceColumn.Default;

    [Column("response_id", Length = 100, CanBeNull = false)]
    public string ResponseId { get; set; } = "";

    [Column("survey_id", Length = 100, CanBeNull = false)]
    public string SurveyId { get; set; } = "";

    [Column("survey_type", Length = 10, CanBeNull = false)]
    public string SurveyType { get; set; } = "";

    [Column("scale_min", CanBeNull = false)]
    public int ScaleMin { get; set; }

    [Column("scale_max", CanBeNull = false)]
    public int ScaleMax { get; set; }

    [Column("touchpoint", Length = 30, CanBeNull = false)]
    public string Touchpoint { get; set; } = "";

    [Column("customer_nk", Length = 100, CanBeNull = true)]
    public string? CustomerNk { get; set; }

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

    [Column("submitted_at", CanBeNull = false)]
    public DateTime SubmittedAt { get; set; }

    [Column("submitted_date_key", CanBeNull = false)]
    public int SubmittedDateKey { get; set; }

    [Column("department", Length = 100, CanBeNull = true)]
    public string? Department { get; set; }

    [Column("location", Length = 100, CanBeNull = true)]
    public string? Location { get; set; }

    [Column("channel", Length = 30, CanBeNull = true)]
    public string? Channel { get; set; }

    /// <summary>Where the record was read in its landing (file order, then line): of two copies of a record, the later one wins.</summary>
    [Column("source_row", CanBeNull = true)]
    public long? SourceRow { get; set; }
}
