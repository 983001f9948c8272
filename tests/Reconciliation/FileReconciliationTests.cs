using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Warehouse.Engines;
using Warehouse.Etl.Reconciliation;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.Files;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Reconciliation;

/// <summary>
/// Each drop file accounts for every record it holds: records read from its bytes = landed + quarantined + header +
/// blank lines. answers.csv: a header, r1, a blank line, r2 whose quoted comment spans two lines (with a comma and a
/// doubled quote), r3 of an unknown survey type (quarantined): 5 records. answers.jsonl: r4, a line of spaces, a line
/// that is not JSON (quarantined), r5: 4 records.
/// </summary>
public sealed class FileReconciliationTests(EngineKind engine) : DropFolderTest(engine)
{
    private async Task DropAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(Root, "surveys", "answers.csv"),
            "response_id,survey_id,survey_type,scale_min,scale_max,touchpoint,score,submitted_at,comment\r\n" +
            "r1,nps,NPS,0,10,relationship,10,2026-03-04T12:00:00Z,fine\r\n" +
            "\r\n" +
            "r2,nps,NPS,0,10,relationship,3,2026-03-04T13:00:00Z,\"slow, then\r\nthe \"\"fix\"\" came\"\r\n" +
            "r3,nps,NOPE,0,10,relationship,3,2026-03-04T14:00:00Z,x\r\n");
        await File.WriteAllTextAsync(Path.Combine(Root, "surveys", "answers.jsonl"),
            "{\"response_id\":\"r4\",\"survey_id\":\"csat\",\"survey_type\":\"CSAT\",\"scale_min\":1,\"scale_max\":5,\"score\":5,\"submitted_at\":\"2026-03-04T15:00:00Z\"}\n" +
            "   \n" +
            "{not json\n" +
            "{\"response_id\":\"r5\",\"survey_id\":\"csat\",\"survey_type\":\"CSAT\",\"scale_min\":1,\"scale_max\":5,\"score\":4,\"submitted_at\":\"2026-03-04T16:00:00Z\"}");
    }

    [Test]
    public async Task Every_record_of_a_file_is_landed_quarantined_a_header_or_blank()
    {
        await DropAsync();

        var run = await RunFilesAsync();

        await using var db = Database.Open();
        var files = await db.GetTable<EtlLoadedFile>().OrderBy(f => f.FileName)
            .Select(f => new { f.FileName, f.RecordsRead, f.RecordsLanded, f.RecordsQuarantined, f.HeaderRecords, f.BlankRecords }).ToListAsync();
        Assert.That(files.Select(f => $"{f.FileName}: {f.RecordsRead} = {f.RecordsLanded} + {f.RecordsQuarantined} + {f.HeaderRecords} + {f.BlankRecords}"),
            Is.EqualTo(new[] { "answers.csv: 5 = 2 + 1 + 1 + 1", "answers.jsonl: 4 = 2 + 1 + 0 + 1" }));
        Assert.That(run.Reconciliation!.Reconciled, Is.True, run.Reconciliation.ToString());
        var today = await db.GetTable<EtlReconciliation>().Where(r => r.ObjectName == "surveys" && r.SourceCount > 0).SingleAsync();
        Assert.That((today.SourceCount, today.WarehouseCount, today.QuarantinedCount, today.Difference), Is.EqualTo((9L, 7L, 2L, 0L)));
        Assert.That(run.Reconciliation.Objects, Is.EqualTo(3), "web_sessions, surveys and marketing_spend");
    }

    [Test]
    public async Task A_record_that_reached_no_staging_row_is_a_difference_on_the_day_its_file_was_loaded()
    {
        await DropAsync();
        await RunFilesAsync();
        await using (var db = Database.Open())
        {
            // As a mapping that silently returned nothing for one record would have left it.
            await db.ExecuteAsync("UPDATE etl.loaded_file SET records_landed = records_landed - 1 WHERE file_name = 'answers.csv'");
        }

        using var source = new FilesSource(new SourceSettings { Root = Root, SettleTime = TimeSpan.Zero }, Database);
        var today = CountPeriods.TodayIn(Settings);
        var summary = await new Reconciler(Database, Settings).RunAsync(source, "recheck", today, today, CancellationToken.None);

        Assert.That(summary.Unreconciled.Select(r => $"{r.ObjectName} {r.PeriodStart:yyyy-MM-dd} {r.SourceCount}/{r.WarehouseCount}+{r.QuarantinedCount} {r.Difference}"),
            Is.EqualTo(new[] { $"surveys {today:yyyy-MM-dd} 9/6+2 1" }));
    }

    [TestCase("a,b\n1,2\n", true, 2L, 0L)]
    [TestCase("a,b\r\n1,2", true, 2L, 0L)]
    [TestCase("\uFEFFa,b\n\n\n1,\"x\ny\"\n", true, 2L, 2L)]
    [TestCase("a,b\r1,2\r", true, 2L, 0L)]
    [TestCase("a,b\n1,x\"y\n2,3\n", true, 3L, 0L)]
    [TestCase("{}\n\t \n{}\r\n", false, 2L, 1L)]
    [TestCase("", true, 0L, 0L)]
    public void The_counter_reads_records_as_the_readers_do(string text, bool csv, long records, long blank)
    {
        var counter = new FileRecordCounter(csv);
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        // In two pieces, cut mid-way, as reads deliver them.
        counter.Add(bytes.AsSpan(0, bytes.Length / 2));
        counter.Add(bytes.AsSpan(bytes.Length / 2));
        Assert.That(counter.Finish(), Is.EqualTo((records, blank)));
    }
}
