using System.CommandLine;
using System.Globalization;
using System.Text;
using LinqToDB.Async;
using LinqToDB;
using Warehouse.Deployment;
using Warehouse.Schema.Etl;

namespace Warehouse.Jobs.Commands;

/// <summary>
/// <c>quarantine</c>: the records that failed validation, without a SQL client (DuckDB ships none). By default
/// the count per source, stream and reason; with <c>--records</c> the records themselves (origin, reason and,
/// with <c>--payload</c>, the raw payload as it came).
/// </summary>
internal static class QuarantineCommand
{
    public static Command Create()
    {
        var load = new Option<long?>("--load") { Description = "Only this load (the id a run's log names)" };
        var source = new Option<string?>("--source") { Description = "Only this source (Shopify, Zendesk, HubSpot, Files)" };
        var stream = new Option<string?>("--stream") { Description = "Only this stream (orders, surveys, ...)" };
        var records = new Option<bool>("--records") { Description = "List the records instead of counting reasons" };
        var payload = new Option<bool>("--payload") { Description = "With --records: print each record's raw payload" };
        var limit = new Option<int>("--limit") { Description = "Records listed at most (newest first)", DefaultValueFactory = _ => 50 };
        var command = new Command("quarantine", "Show the quarantined records: counts per reason, or the records with their origin and raw payload.")
        {
            load, source, stream, records, payload, limit,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async (host, token) =>
        {
            await WarehouseDeployer.RequireDeployedAsync(host.Database, token);
            await using var db = host.Database.Open();
            var query = db.GetTable<EtlQuarantine>().AsQueryable();
            if (parse.GetValue(load) is { } loadId) query = query.Where(q => q.LoadId == loadId);
            if (parse.GetValue(source) is { } sourceName)
            {
                // A source selects all its instances ("Shopify", "Shopify:eu"); source:instance one of them.
                var (canonical, instance) = Etl.Sources.SourceInstance.ParseSelector(sourceName);
                var key = instance is null ? null : new Etl.Sources.SourceInstance(canonical, instance).Key;
                var prefix = canonical + ":";
                query = key is not null ? query.Where(q => q.Source == key) : query.Where(q => q.Source == canonical || q.Source.StartsWith(prefix));
            }

            if (parse.GetValue(stream) is { } streamName)
            {
                var lower = streamName.ToLowerInvariant();
                query = query.Where(q => q.Stream == lower);
            }

            var text = parse.GetValue(records) || parse.GetValue(payload)
                ? Records(await query.OrderByDescending(q => q.QuarantineId).Take(Math.Max(1, parse.GetValue(limit))).ToListAsync(token), parse.GetValue(payload))
                : Counts(await query.GroupBy(q => new { q.Source, q.Stream, q.Reason })
                    .Select(g => new ReasonCount(g.Key.Source, g.Key.Stream, g.Key.Reason, g.Count(), g.Min(q => q.LoadId), g.Max(q => q.LoadId)))
                    .ToListAsync(token));
            await Console.Out.WriteAsync(text);
            return 0;
        }, ct));
        return command;
    }

    private sealed record ReasonCount(string Source, string Stream, string Reason, int Records, long FirstLoad, long LastLoad);

    private static string Counts(List<ReasonCount> counts)
    {
        if (counts.Count == 0) return "No quarantined records.\n";
        var rows = new List<string[]> { new[] { "Source", "Stream", "Reason", "Loads", "Records" } };
        rows.AddRange(counts.OrderByDescending(c => c.Records).ThenBy(c => c.Source, StringComparer.Ordinal).ThenBy(c => c.Reason, StringComparer.Ordinal)
            .Select(c => new[] { c.Source, c.Stream, c.Reason, c.FirstLoad == c.LastLoad ? Invariant(c.FirstLoad) : $"{Invariant(c.FirstLoad)}-{Invariant(c.LastLoad)}", c.Records.ToString("N0", CultureInfo.InvariantCulture) }));
        return TextTable.Render(rows, rightAlignedFrom: 4) + $"{counts.Sum(c => c.Records).ToString("N0", CultureInfo.InvariantCulture)} quarantined records\n";
    }

    private static string Records(List<EtlQuarantine> rows, bool withPayload)
    {
        if (rows.Count == 0) return "No quarantined records.\n";
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"#{row.QuarantineId} load {row.LoadId} {row.Source}.{row.Stream} {row.QuarantinedAt:yyyy-MM-dd HH:mm:ss}Z");
            if (row.Origin is not null) text.Append(CultureInfo.InvariantCulture, $" {row.Origin}");
            text.Append(CultureInfo.InvariantCulture, $": {row.Reason}\n");
            if (withPayload) text.Append(CultureInfo.InvariantCulture, $"  {row.RawPayload}\n");
        }

        return text.ToString();
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
