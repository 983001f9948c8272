using Warehouse.Engines;
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
    }

    public SourceInstance Instance { get; }

    public TimeSpan Lookback { get; }

    public IReadOnlyList<ISourceStream> Streams { get; }

    public IReadOnlyList<TransformStep> Transform => FilesTransform.Steps;

    public void Dispose() { }
}
