using System.Text.Json;

namespace Warehouse.Etl.Landing;

/// <summary>
/// A stream's mapping, validation and cursor over records read elsewhere (a dump of the API's JSON lines,
/// one record per line): lands a backfill, or measures landing apart from the network.
/// </summary>
public sealed class ReplayStream<TStaging>(SourceStream<TStaging> inner, string jsonLinesPath, string cursorProperty) : SourceStream<TStaging>
    where TStaging : class, Schema.Stg.IStagingRow
{
    public override string Name => inner.Name;

    public override async IAsyncEnumerable<SourceRecord> ReadAsync(StreamContext context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(jsonLinesPath);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0) continue;
            JsonElement? json = null;
            string? error = null;
            try { json = JsonSerializer.Deserialize<JsonElement>(line); }
            catch (JsonException ex) { error = ex.Message; }
            yield return json is { } record ? new SourceRecord(record, Watermark.Of(record, cursorProperty)) : SourceRecord.Unparsable(line, "malformed JSON line: " + error);
        }
    }

    public override IEnumerable<TStaging> Map(SourceRecord record, StreamContext context) => inner.Map(record, context);

    public override string? Advance(string? current, string? recordCursor) => inner.Advance(current, recordCursor);
}
