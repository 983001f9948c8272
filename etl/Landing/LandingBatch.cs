using System.Runtime.CompilerServices;

namespace Warehouse.Etl.Landing;

/// <summary>
/// The records of one landing as they stream past: valid ones become staging rows for the bulk
/// copy, invalid ones wait (a bounded number, each cut to a bounded size) until the loader writes them to the
/// quarantine, and the cursor follows.
/// </summary>
internal sealed class LandingBatch<TStaging>(SourceStream<TStaging> stream, StreamContext context) where TStaging : class, Schema.Stg.IStagingRow
{
    public long Read { get; private set; }

    public long Landed { get; private set; }

    public string? Cursor { get; private set; } = context.Cursor;

    /// <summary>Why the stream stopped before its end (an unreadable page), or null: then the cursor stays where it was.</summary>
    public string? Incomplete { get; private set; }

    /// <summary>Records quarantined so far.</summary>
    public long Quarantined { get; private set; }

    /// <summary>True once the pending quarantine rows should be written before more records are read.</summary>
    public bool QuarantineFull => pending.Count >= 5_000 || pendingCharacters >= 8_000_000;

    /// <summary>Per file a record came from (its origin): the records landed as staging rows and those quarantined.</summary>
    public Dictionary<string, FileTally> ByFile { get; } = new(StringComparer.Ordinal);

    /// <summary>How many records were quarantined for each reason (the first thousand distinct reasons).</summary>
    public Dictionary<string, int> Reasons { get; } = new(StringComparer.Ordinal);

    /// <summary>Quarantined records not yet written: the reason, the payload and where the record came from (file and line).</summary>
    private List<(string Reason, string Payload, string? Origin)> pending = [];

    private long pendingCharacters;

    /// <summary>Takes the pending quarantine rows for writing.</summary>
    public List<(string Reason, string Payload, string? Origin)> TakeQuarantine()
    {
        var taken = pending;
        pending = [];
        pendingCharacters = 0;
        return taken;
    }

    /// <summary>The staging rows, with a null after each quarantined record so that the loader can write the quarantine in between.</summary>
    public async IAsyncEnumerable<TStaging?> RowsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var record in stream.ReadAsync(context, ct).WithCancellation(ct))
        {
            Read++;
            if (record.EndsStream)
            {
                Incomplete = record.Malformed;
                Cursor = context.Cursor;
            }

            var rows = MapOrQuarantine(record);
            var file = record.Origin is null ? null : Tally(record.Origin);
            if (rows is null)
            {
                if (file is not null) file.Quarantined++;
                yield return null;
                continue;
            }

            Landed++;
            // A record that became no staging row is not landed: the file's accounting shows it missing.
            if (file is not null && rows.Count > 0) file.Landed++;
            if (Incomplete is null) Cursor = stream.Advance(Cursor, record.Cursor);
            foreach (var row in rows) yield return row;
        }
    }

    private FileTally? Tally(string origin)
    {
        if (SourceRecord.Place(origin).File is not { } name) return null;
        if (!ByFile.TryGetValue(name, out var tally)) ByFile[name] = tally = new FileTally();
        return tally;
    }

    private List<TStaging>? MapOrQuarantine(SourceRecord record)
    {
        if (record.IsMalformed)
        {
            Reject(record, record.Malformed!);
            return null;
        }

        try
        {
            var rows = stream.Map(record, context).ToList();
            foreach (var row in rows)
            {
                row.SourceInstance = context.Instance.Name;
                StagingRowRules<TStaging>.Apply(row);
            }

            return rows;
        }
        catch (RecordRejectedException rejected)
        {
            Reject(record, rejected.Message);
            return null;
        }
    }

    private void Reject(SourceRecord record, string reason)
    {
        var payload = QuarantineText.Storable(QuarantinePrivacy.Mask(record.Payload, context.Settings));
        reason = QuarantineText.Storable(QuarantinePrivacy.Mask(reason, context.Settings));
        if (payload.Length > StreamLoader.MaxPayloadLength)
        {
            reason += $" (payload of {payload.Length} characters cut to {StreamLoader.MaxPayloadLength})";
            payload = payload[..StreamLoader.MaxPayloadLength];
        }

        reason = reason.Length > 500 ? reason[..500] : reason;
        var from = record.Origin is null ? null : QuarantineText.Storable(record.Origin);
        pending.Add((reason, payload, from is { Length: > 300 } ? from[..300] : from));
        pendingCharacters += payload.Length;
        Quarantined++;
        if (Reasons.TryGetValue(reason, out var count)) Reasons[reason] = count + 1;
        else if (Reasons.Count < 1_000) Reasons[reason] = 1;
    }
}
