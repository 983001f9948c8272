using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.Files;
using Warehouse.Etl.Transforms;
using Warehouse.Schema.Dw;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Reliability;

/// <summary>
/// A load committed by another process while a transform runs is not swept up by it: the transform takes the
/// loads it started with, deletes only their staging rows, and the other load is transformed by the next run.
/// </summary>
public sealed class ConcurrentTransformTests(EngineKind engine) : EngineTest(engine)
{
    [Test]
    public async Task A_load_landed_during_a_transform_keeps_its_rows_and_is_transformed_by_the_next_one()
    {
        await DeployAsync();
        var root = Path.Combine(Path.GetTempPath(), "concurrent-" + Guid.NewGuid().ToString("N")[..8]);
        var folder = Path.Combine(root, "marketing_spend");
        Directory.CreateDirectory(folder);
        try
        {
            var settings = new SourceSettings { Root = root, SettleTime = TimeSpan.Zero };
            var pipeline = new SourcePipeline(Database, Settings);
            await File.WriteAllLinesAsync(Path.Combine(folder, "a.csv"), ["date,campaign_id,spend,currency", "2026-03-01,fb,10.00,USD"]);
            using var files = new FilesSource(settings, Database);
            await pipeline.LandAsync(files, CancellationToken.None);

            // The transform's last step stands for the moment another process commits a landing: a second file
            // lands through its own connection, after the facts were written and before the staging is emptied.
            LoadResult? landedMeanwhile = null;
            var meanwhile = new TransformStep("another process lands", _ =>
            {
                File.WriteAllLines(Path.Combine(folder, "b.csv"), ["date,campaign_id,spend,currency", "2026-03-02,fb,5.00,USD"]);
                using var other = new FilesSource(settings, Database);
                landedMeanwhile = Task.Run(() => pipeline.LandAsync(other, CancellationToken.None)).GetAwaiter().GetResult().Single(l => l.Stream == "marketing_spend");
                return [];
            });
            using var withMeanwhile = new SourceWithExtraStep(files, meanwhile);

            await pipeline.TransformAsync(withMeanwhile, CancellationToken.None);

            await using (var db = Database.Open())
            {
                Assert.That(landedMeanwhile!.Landed, Is.EqualTo(1));
                var other = await db.GetTable<EtlLoad>().SingleAsync(l => l.LoadId == landedMeanwhile.LoadId);
                Assert.That(other.Status, Is.EqualTo(LoadStatus.Landed), "not marked succeeded by a transform that did not take it");
                Assert.That(await db.GetTable<Warehouse.Schema.Stg.StgMarketingSpend>().CountAsync(s => s.LoadId == landedMeanwhile.LoadId), Is.EqualTo(1), "its staging rows are kept");
            }

            using var again = new FilesSource(settings, Database);
            await pipeline.TransformAsync(again, CancellationToken.None);

            await using (var db = Database.Open())
            {
                Assert.That(await db.GetTable<FactCampaignSpend>().OrderBy(s => s.SpendDateKey).Select(s => s.Spend).ToListAsync(), Is.EqualTo(new[] { 10m, 5m }));
                Assert.That(await db.GetTable<EtlLoad>().CountAsync(l => l.Status == LoadStatus.Landed), Is.Zero);
                Assert.That(await db.GetTable<Warehouse.Schema.Stg.StgMarketingSpend>().CountAsync(), Is.Zero);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A source whose transform ends with one more step.</summary>
    private sealed class SourceWithExtraStep(ISource inner, TransformStep extra) : ISource
    {
        public SourceInstance Instance => inner.Instance;

        public TimeSpan Lookback => inner.Lookback;

        public IReadOnlyList<ISourceStream> Streams => inner.Streams;

        public IReadOnlyList<string> StagingTables => inner.StagingTables;

        public IReadOnlyList<TransformStep> Transform => [.. inner.Transform, extra];

        public void Dispose() { }
    }
}
