using LinqToDB;
using Warehouse.Engines;
using Warehouse.Schema.Etl;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Transforms;

namespace Warehouse.Etl.Sources.Files;

/// <summary>The file drops: one subfolder of <c>Sources:Files:Root</c> per stream.</summary>
public sealed class FilesSource : ISource
{
    public static SourceModule Module { get; } = new(SourceNames.Files, FilesTransform.Steps, (instance, settings, database) => new FilesSource(settings, database, instance));

    public FilesSource(SourceSettings settings, WarehouseDatabase database, SourceInstance? instance = null)
    {
        Instance = instance ?? SourceInstance.Default(SourceNames.Files);
        Lookback = settings.Lookback;
        if (string.IsNullOrWhiteSpace(settings.Root)) throw new InvalidOperationException($"{Instance.SettingKey("Root")} is not set (the drop folder, one subfolder per stream).");
        var folder = new DropFolder(settings.Root, settings.SettleTime, settings.RequireDoneMarker);
        Streams =
        [
            new WebSessionsStream(folder, database, settings.WebSessions),
            new SurveysStream(folder, database, settings.Surveys),
            new MarketingSpendStream(folder, database, settings.MarketingSpend),
        ];
        var key = Instance.Key;
        // Each stream's files account for every record they hold (FileRecordCounter against the landing's tally).
        Reconciled = Streams.Select(s => s.Name).Select(stream => new Reconciliation.ReconciledObject(stream, stream)
        {
            Files = db => db.GetTable<EtlLoadedFile>().Where(f => f.Source == key && f.Stream == stream && f.RecordsRead != null)
                .Select(f => new Reconciliation.AccountedFile
                {
                    DateKey = f.LoadedDateKey ?? 0, LoadId = f.LoadId, Read = f.RecordsRead ?? 0,
                    Accounted = (f.RecordsLanded ?? 0) + (f.HeaderRecords ?? 0) + (f.BlankRecords ?? 0), Quarantined = f.RecordsQuarantined ?? 0,
                }),
        }).ToList();
    }

    public SourceInstance Instance { get; }

    public TimeSpan Lookback { get; }

    public IReadOnlyList<ISourceStream> Streams { get; }

    public IReadOnlyList<TransformStep> Transform => FilesTransform.Steps;

    public IReadOnlyList<Reconciliation.ReconciledObject> Reconciled { get; }

    public void Dispose() { }
}
