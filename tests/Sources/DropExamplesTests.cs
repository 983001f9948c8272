using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.Files;
using Warehouse.Schema.Dw;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Sources;

/// <summary>The example drop files shipped in docs/examples load as docs/drop-files.md says: every row lands.</summary>
public sealed class DropExamplesTests(EngineKind engine) : EngineTest(engine)
{
    [Test]
    public async Task Every_example_file_loads_without_a_quarantined_row()
    {
        await DeployAsync();
        var root = Path.Combine(Path.GetTempPath(), "examples-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryFolders.Root, "docs", "examples"), "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(root, Path.GetRelativePath(Path.Combine(RepositoryFolders.Root, "docs", "examples"), file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            var settings = new SourceSettings { Root = root, SettleTime = TimeSpan.Zero, Surveys = new DropStreamSettings { NotApplicable = ["0", "N/A"] } };
            using var source = new FilesSource(settings, Database);
            var result = await new SourcePipeline(Database, Settings).RunAsync(source, CancellationToken.None);

            Assert.That(result.Loads.Select(l => (l.Stream, l.Landed, l.Quarantined)),
                Is.EqualTo(new[] { ("web_sessions", 3L, 0L), ("surveys", 7L, 0L), ("marketing_spend", 4L, 0L) }));
            await using var db = Database.Open();
            Assert.That(await db.GetTable<FactCampaignSpend>().SumAsync(s => s.Spend), Is.EqualTo(120.50m + 35.00m + 1.4300m + 80.25m));
            Assert.That(await db.GetTable<FactSurveyResponse>().CountAsync(r => r.Score == null && r.Choice == null), Is.EqualTo(2), "the N/A and the blank score are skipped answers");
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
