namespace Warehouse.Etl.Landing;

/// <summary>Counts of one landing. Read = landed + quarantined, always.</summary>
public sealed record LoadResult(long LoadId, string Source, string Stream, long Read, long Landed, long Quarantined, long StagingRows, string? Cursor);
