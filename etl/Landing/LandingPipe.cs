using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Warehouse.Etl.Landing;

/// <summary>
/// Reading and writing of one landing overlap: a task reads the source, parses and maps each record into staging rows
/// and puts them in a bounded channel, while the loader bulk-copies from it. The channel holds at most
/// <see cref="Capacity"/> rows, so memory stays bounded whichever side is slower. Quarantined records travel in the
/// same channel, in batches, and cut the bulk copy where they come, because a connection runs one command at a time.
/// An error on either side ends both: the reader's error surfaces in the bulk copy, the writer's cancels the reader.
/// </summary>
internal sealed class LandingPipe<TStaging> : IAsyncDisposable where TStaging : class, Schema.Stg.IStagingRow
{
    public const int Capacity = 8_192;

    private readonly Channel<Item> channel = Channel.CreateBounded<Item>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource stop;
    private readonly Task reading;
    private List<(string Reason, string Payload, string? Origin)> quarantine = [];

    public LandingPipe(LandingBatch<TStaging> batch, CancellationToken ct)
    {
        stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        reading = Task.Run(() => ReadAsync(batch, stop.Token), CancellationToken.None);
    }

    /// <summary>True once every row has been handed out.</summary>
    public bool Exhausted { get; private set; }

    /// <summary>The rows up to the next batch of quarantined records, or to the end.</summary>
    public async IAsyncEnumerable<TStaging> NextAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        while (await channel.Reader.WaitToReadAsync(ct))
        {
            while (channel.Reader.TryRead(out var item))
            {
                if (item.Row is { } row)
                {
                    yield return row;
                    continue;
                }

                quarantine = item.Quarantine!;
                Exhausted = item.Last;
                yield break;
            }
        }

        Exhausted = true;
    }

    /// <summary>The quarantined records that ended the last <see cref="NextAsync"/>.</summary>
    public List<(string Reason, string Payload, string? Origin)> TakeQuarantine()
    {
        var taken = quarantine;
        quarantine = [];
        return taken;
    }

    /// <summary>Waits for the reading task; the batch's counts and cursor are final after it.</summary>
    public Task CompletedAsync() => reading;

    private async Task ReadAsync(LandingBatch<TStaging> batch, CancellationToken ct)
    {
        try
        {
            await foreach (var row in batch.RowsAsync(ct))
            {
                if (row is not null) await channel.Writer.WriteAsync(new Item(row, null, false), ct);
                else if (batch.QuarantineFull) await channel.Writer.WriteAsync(new Item(null, batch.TakeQuarantine(), false), ct);
            }

            await channel.Writer.WriteAsync(new Item(null, batch.TakeQuarantine(), true), ct);
            channel.Writer.Complete();
        }
        catch (Exception ex)
        {
            channel.Writer.Complete(ex);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try { await reading; }
        catch (Exception) { } // already surfaced through the channel, or a cancellation of our own making
        stop.Dispose();
    }

    /// <summary>A staging row, or a batch of quarantined records (the last item carries the rest of them).</summary>
    private readonly record struct Item(TStaging? Row, List<(string Reason, string Payload, string? Origin)>? Quarantine, bool Last);
}
