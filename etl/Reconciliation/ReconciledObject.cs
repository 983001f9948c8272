using LinqToDB;

namespace Warehouse.Etl.Reconciliation;

/// <summary>How far a source's count can be trusted.</summary>
public enum CountPrecision
{
    /// <summary>The number of records, exactly.</summary>
    Exact,

    /// <summary>A floor: the source stopped counting at a limit (Shopify <c>precision: AT_LEAST</c>).</summary>
    AtLeast,
}

/// <summary>A source's own count of an object over a period.</summary>
public readonly record struct SourceCount(long Count, CountPrecision Precision)
{
    public static SourceCount Exact(long count) => new(count, CountPrecision.Exact);
}

/// <summary>
/// A period counted: its first and last day in the reporting time zone (the warehouse's date keys) and its bounds in
/// UTC, <c>[FromUtc, ToUtc)</c>, for the source's query. <see cref="Grain"/> is <c>day</c>, <c>month</c> or <c>total</c>.
/// </summary>
public sealed record CountPeriod(DateOnly First, DateOnly Last, string Grain, DateTime FromUtc, DateTime ToUtc);

/// <summary>One record the warehouse holds of a reconciled object: the date key it is counted on, and the load that wrote it.</summary>
public sealed class HeldRecord
{
    public int DateKey { get; set; }

    public long LoadId { get; set; }
}

/// <summary>One loaded file's accounting: the records read from it, those landed with its header and blank lines, and those quarantined.</summary>
public sealed class AccountedFile
{
    public int DateKey { get; set; }

    public long LoadId { get; set; }

    public long Read { get; set; }

    public long Accounted { get; set; }

    public long Quarantined { get; set; }
}

/// <summary>
/// An object a source counts and the warehouse holds, compared after each run: the source's count of a period, and
/// the warehouse's records of the source instance as the KPIs count them (one <see cref="HeldRecord"/> each, on the
/// same date key). Quarantined records of <see cref="Stream"/> are counted on the day their payload's
/// <see cref="CreatedField"/> falls on.
/// </summary>
public sealed record ReconciledObject(string Name, string Stream)
{
    /// <summary>Counted over the whole account, not per day (customers, products): the period passed is the total.</summary>
    public bool Whole { get; init; }

    /// <summary>The source's count of the period (in UTC bounds), through the source's client and its rate limiting.</summary>
    public Func<CountPeriod, CancellationToken, Task<SourceCount>>? CountAsync { get; init; }

    /// <summary>The records the warehouse holds: a query the database runs, grouped there by date key.</summary>
    public Func<IDataContext, IQueryable<HeldRecord>>? Held { get; init; }

    /// <summary>
    /// Instead of <see cref="CountAsync"/> and <see cref="Held"/>, for a file drop: each loaded file's own accounting,
    /// on the day it was loaded. The source's count is the records read from the files' bytes; the warehouse's the
    /// records landed with the header and blank lines; the quarantined those the landing quarantined.
    /// </summary>
    public Func<IDataContext, IQueryable<AccountedFile>>? Files { get; init; }

    /// <summary>The JSON property of a quarantined payload with the record's creation time.</summary>
    public string CreatedField { get; init; } = "created_at";

    /// <summary>The JSON property of a quarantined payload with the record's id (a record quarantined on two runs is one).</summary>
    public string IdField { get; init; } = "id";
}
