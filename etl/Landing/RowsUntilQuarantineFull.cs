namespace Warehouse.Etl.Landing;

/// <summary>
/// Cuts a landing's rows into bulk copies: each copy runs until the pending quarantine rows are to be
/// written (the connection serves one command at a time) or the records end.
/// </summary>
internal sealed class RowsUntilQuarantineFull<TStaging>(IAsyncEnumerator<TStaging?> rows, LandingBatch<TStaging> batch) where TStaging : class, Schema.Stg.IStagingRow
{
    public bool Exhausted { get; private set; }

    public async IAsyncEnumerable<TStaging> NextAsync()
    {
        while (await rows.MoveNextAsync())
        {
            if (rows.Current is { } row) yield return row;
            else if (batch.QuarantineFull) yield break;
        }

        Exhausted = true;
    }
}
