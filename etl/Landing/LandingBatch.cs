using System.Runtime.CompilerServices;

namespace Warehouse.Etl.Landing;

/// <summary>
/// The records of one landing as they stream past: valid ones become staging rows for the bulk
/// copy, invalid ones are kept (few, and cut to a bounded size) for the quarantine, and the cursor follows.
/// </summary>
internal sealed class LandingBatch<TStaging>(SourceStream<TStaging> stream, StreamContext context) where TStaging : class
{
    public long Read { get; private set; }

    public long Landed { get; private set; }

    public string? Cursor { get; private set; } = context.Cursor;

    /// <summary>Quarantined records: the reason, the payload and where the record came from (file and line).</summary>
    public List<(string Reason, string Payload, string? Origin)> Quarantine { get; } = [];

    public async IAsyncEnumerable<TStaging> RowsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var record in stream.ReadAsync(context, ct).WithCancellation(ct))
        {
            Read++;
            var rows = MapOrQuarantine(record);
            if (rows is null) continue;
            Landed++;
            Cursor = stream.Advance(Cursor, record.Cursor);
            foreach (var row in rows) yield return row;
        }
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
            foreach (var row in rows) StagingRowRules<TStaging>.Apply(row);
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
        var payload = QuarantinePrivacy.Mask(record.Payload, context.Settings);
        if (payload.Length > StreamLoader.MaxPayloadLength)
        {
            reason += $" (payload of {payload.Length} characters cut to {StreamLoader.MaxPayloadLength})";
            payload = payload[..StreamLoader.MaxPayloadLength];
        }

        Quarantine.Add((reason.Length > 500 ? reason[..500] : reason, payload, record.Origin is { Length: > 300 } origin ? origin[..300] : record.Origin));
    }
}
