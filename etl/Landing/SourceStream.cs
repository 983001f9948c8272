namespace Warehouse.Etl.Landing;

/// <summary>
/// A stream of a source: reads records changed since the committed cursor as an async stream
/// (never the whole source in memory) and maps each record to the rows of its staging table.
/// </summary>
/// <typeparam name="TStaging">The mapped staging table the stream lands in.</typeparam>
public abstract class SourceStream<TStaging> : ISourceStream where TStaging : class, Schema.Stg.IStagingRow
{
    public abstract string Name { get; }

    public string StagingTable { get; } = TableName();

    /// <summary>Records changed since <see cref="StreamContext.Cursor"/> (less the lookback window).</summary>
    public abstract IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, CancellationToken ct);

    /// <summary>The staging rows of a record; throws <see cref="RecordRejectedException"/> when it is invalid.</summary>
    public abstract IEnumerable<TStaging> Map(SourceRecord record, StreamContext context);

    /// <summary>The cursor after a record. Default: the greatest watermark (ISO 8601 UTC text sorts in time order).</summary>
    public virtual string? Advance(string? current, string? recordCursor) =>
        recordCursor is null ? current : current is null || string.CompareOrdinal(recordCursor, current) > 0 ? recordCursor : current;

    /// <summary>Work to commit with the landing (a file source records its files here, with what became of each one's records).</summary>
    public virtual Task OnLandingAsync(LinqToDB.Data.DataConnection db, long loadId, IReadOnlyDictionary<string, FileTally> byFile, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Files of the last read refused whole, each with its cause (a drop file without its required columns).</summary>
    public virtual IReadOnlyList<string> RejectedFiles => [];

    /// <summary>Work after the landing committed (a file source marks its files done here).</summary>
    public virtual Task OnCommittedAsync(CancellationToken ct) => Task.CompletedTask;

    public Task<LoadResult> LandAsync(StreamLoader loader, CancellationToken ct) => loader.LandAsync(this, ct);

    private static string TableName()
    {
        var name = LinqToDB.Mapping.MappingSchema.Default.GetEntityDescriptor(typeof(TStaging)).Name;
        return $"{name.Schema}.{name.Name}";
    }
}

/// <summary>The untyped face of a stream, for the pipeline that runs a source's streams in turn.</summary>
public interface ISourceStream
{
    string Name { get; }

    /// <summary>The staging table the stream lands in, from its mapping.</summary>
    string StagingTable { get; }

    Task<LoadResult> LandAsync(StreamLoader loader, CancellationToken ct);
}
