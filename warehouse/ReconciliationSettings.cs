namespace Warehouse;

/// <summary>
/// How each run checks the warehouse against the sources' own counts (section <c>Warehouse:Reconciliation</c>).
/// </summary>
public sealed class ReconciliationSettings
{
    /// <summary>Off skips the check after each run; the <c>reconcile</c> command still runs it.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The difference allowed for a closed period (before yesterday): 0, every record accounted for.</summary>
    public long Tolerance { get; set; }

    /// <summary>
    /// The difference allowed for today and yesterday, while the source is still writing and its counts and search
    /// indexes catch up (Shopify: "a write may not be reflected instantaneously"; Zendesk and HubSpot search lag by minutes).
    /// </summary>
    public long RecentTolerance { get; set; } = 5;

    /// <summary>Older periods checked on each run besides those the run touched, in turn, so that an old gap is found within a few runs.</summary>
    public int SampleDays { get; set; } = 7;

    /// <summary>Days within this many days of today are counted one by one; older ones by month, in one request each.</summary>
    public int DailyDays { get; set; } = 62;

    public void Validate()
    {
        if (Tolerance < 0 || RecentTolerance < 0) throw new InvalidOperationException("Warehouse:Reconciliation:Tolerance and :RecentTolerance are 0 or more.");
        if (SampleDays < 0) throw new InvalidOperationException("Warehouse:Reconciliation:SampleDays is 0 or more.");
        if (DailyDays < 2) throw new InvalidOperationException("Warehouse:Reconciliation:DailyDays is 2 or more (today and yesterday are counted by day).");
    }
}
