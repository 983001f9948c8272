using Warehouse.Engines;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Transforms;

namespace Warehouse.Etl.Sources.Files;

/// <summary>The file drops: one subfolder of <c>Sources:Files:Root</c> per stream.</summary>
public sealed class FilesSource : ISource
{
    public FilesSource(SourceSettings settings, WarehouseDatabase database)
    {
        if (string.IsNullOrWhiteSpace(settings.Root)) throw new InvalidOperationException("Sources:Files:Root is not set (the drop folder, one subfolder per stream).");
        var folder = new DropFolder(settings.Root, settings.SettleTime, settings.RequireDoneMarker);
        Streams =
        [
            new WebSessionsStream(folder, database, settings.WebSessions),
            new SurveysStream(folder, database, settings.Surveys),
            new MarketingSpendStream(folder, database, settings.MarketingSpend),
        ];
    }

    public string Name => SourceNames.Files;

    public IReadOnlyList<ISourceStream> Streams { get; }

    public IReadOnlyList<string> StagingTables { get; } = ["stg.web_session", "stg.survey_answer", "stg.marketing_spend"];

    public IReadOnlyList<TransformStep> Transform => FilesTransform.Steps;

    public void Dispose() { }
}
