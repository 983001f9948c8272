using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Schema.Dw;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Reliability;

/// <summary>
/// Two real <c>run</c> processes started together on one PostgreSQL warehouse and one drop folder: they take
/// turns at the landing, so every row lands once, every load that succeeded has its rows in the facts, both exit 0.
/// </summary>
public sealed class TwoProcessRunTests(EngineKind engine) : EngineTest(engine)
{
    [Test]
    public async Task Two_runs_at_once_land_each_file_once_and_every_succeeded_load_reaches_the_facts()
    {
        if (Engine != EngineKind.PostgreSql) Assert.Ignore("a DuckDB file belongs to one process at a time; SQL Server takes the same lock as PostgreSQL (SqlDialect.SourceLock)");
        await DeployAsync(Settings);
        var folder = Path.Combine(Path.GetTempPath(), "two-runs-" + Guid.NewGuid().ToString("N")[..8]);
        var surveys = Path.Combine(folder, "drop", "surveys");
        Directory.CreateDirectory(surveys);
        try
        {
            const int Rows = 20_000;
            await File.WriteAllLinesAsync(Path.Combine(surveys, "answers.csv"),
                ["response_id,survey_id,survey_type,scale_min,scale_max,touchpoint,score,submitted_at",
                 .. Enumerable.Range(1, Rows).Select(i => $"r{i},nps,NPS,0,10,relationship,{i % 11},2026-03-{1 + i % 28:00}T12:00:00Z")]);
            File.SetLastWriteTimeUtc(Path.Combine(surveys, "answers.csv"), DateTime.UtcNow.AddMinutes(-1));
            var cli = new WarehouseCli(folder, new Dictionary<string, string>
            {
                ["Warehouse__Engine"] = "PostgreSql",
                ["ConnectionStrings__Warehouse"] = Database.ConnectionString,
                ["Warehouse__CalendarStart"] = "2025-01-01", ["Warehouse__CalendarEnd"] = "2027-12-31",
                ["Sources__Files__Root"] = Path.Combine(folder, "drop"),
            });

            var runs = await Task.WhenAll(cli.RunAsync("run", "--source", "Files"), cli.RunAsync("run", "--source", "Files"));

            Assert.That(runs.Select(r => r.ExitCode), Is.EqualTo(new[] { 0, 0 }), string.Join("\n---\n", runs.Select(r => r.Stderr)));
            await using var db = Database.Open();
            var loads = await db.GetTable<EtlLoad>().Where(l => l.Stream == "surveys").ToListAsync();
            Assert.That(loads.Select(l => l.Status), Is.All.EqualTo("succeeded"));
            Assert.That(loads.Select(l => l.RowsLanded).Order(), Is.EqualTo(new long[] { 0, Rows }), "one process took the file, the other found it taken");
            Assert.That(await db.GetTable<FactSurveyResponse>().CountAsync(), Is.EqualTo(Rows));
            Assert.That(await db.GetTable<FactSurveyResponse>().SumAsync(f => f.Score ?? 0), Is.EqualTo(Enumerable.Range(1, Rows).Sum(i => i % 11)));
            Assert.That(await db.GetTable<EtlLoadedFile>().CountAsync(), Is.EqualTo(1));
            Assert.That(File.Exists(Path.Combine(surveys, "processed", "answers.csv")), Is.True);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
