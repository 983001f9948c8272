namespace Warehouse.Etl.Landing;

/// <summary>What a stream knows while it is read: the load it lands in, the committed cursor, the settings and the source instance.</summary>
public sealed record StreamContext(long LoadId, string? Cursor, WarehouseSettings Settings, TimeSpan Lookback, Sources.SourceInstance Instance)
{
    /// <summary>A source id made unique across the source's instances (<see cref="Sources.SourceInstance.Qualify"/>).</summary>
    public string Id(string id) => Instance.Qualify(id);

    public string? Id(string? id, bool optional) => Instance.QualifyOptional(id);

    /// <summary>
    /// For watermark streams: read records updated at or after this (the cursor less the lookback); null on a first run.
    /// A backfill reads from its first day instead: a record created then was updated then or later.
    /// </summary>
    public DateTime? Since => BackfillFrom ?? (Cursor is null ? null : Watermark.Parse(Cursor) - Lookback);

    /// <summary>The start (UTC) of a backfill (<c>run --from</c>): the window is read again; the cursor never moves back.</summary>
    public DateTime? BackfillFrom { get; init; }

    /// <summary>A record's currency code, upper-cased (the reporting currency when it names none); one the settings lack rejects the record.</summary>
    public string Currency(string? code)
    {
        var currency = (code ?? Settings.ReportingCurrency).ToUpperInvariant();
        if (!Settings.CurrencyRates.ContainsKey(currency)) throw new RecordRejectedException($"unknown currency '{currency}' (add it to Warehouse:CurrencyRates)");
        return currency;
    }
}
