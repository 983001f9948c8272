namespace Warehouse.Etl.Landing;

/// <summary>
/// Counts of one landing. Read = landed + quarantined, always. <see cref="TopReasons"/> are the commonest
/// quarantine reasons; <see cref="RejectedFiles"/> are drop files refused whole (named with the cause), which
/// fail the run once the rest has loaded, as a stream that stopped at an unreadable page does (<see cref="Incomplete"/>).
/// </summary>
public sealed record LoadResult(long LoadId, string Source, string Stream, long Read, long Landed, long Quarantined, long StagingRows, string? Cursor)
{
    public IReadOnlyList<(string Reason, int Count)> TopReasons { get; init; } = [];

    public IReadOnlyList<string> RejectedFiles { get; init; } = [];

    /// <summary>Why the stream stopped before reading all it was asked for (its cursor did not move), or null.</summary>
    public string? Incomplete { get; init; }
}
