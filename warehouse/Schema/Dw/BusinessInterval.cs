using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>
/// The configured business hours as UTC intervals (daylight saving applied), each with the business
/// seconds of all earlier intervals: business time between two instants is a difference of two lookups.
/// </summary>
[Table(Schema = Areas.Dw, Name = "business_interval")]
public sealed class BusinessInterval
{
    [Column("interval_start", CanBeNull = false), PrimaryKey]
    public DateTime IntervalStart { get; set; }

    [Column("interval_end", CanBeNull = false)]
    public DateTime IntervalEnd { get; set; }

    /// <summary>Start of the following interval: an instant belongs to the interval with start ≤ t &lt; next_start.</summary>
    [Column("next_start", CanBeNull = false)]
    public DateTime NextStart { get; set; }

    [Column("seconds_before", CanBeNull = false)]
    public long SecondsBefore { get; set; }

    /// <summary>The local business day.</summary>
    [Column("date_key", CanBeNull = false)]
    public int DateKey { get; set; }
}
