using System.Text;
using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.Files;
using Warehouse.Schema.Dw;
using Warehouse.Schema.Etl;
using Warehouse.Schema.Stg;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Reliability;

/// <summary>
/// Drop files as they arrive in real life: an unbalanced quote, a quote inside a field, a file still being
/// written, a binary or UTF-16 file named .csv, and a file whose every row is bad. Each time the valid rows
/// land, the bad ones are quarantined one by one with their line, and nothing is silently lost.
/// </summary>
public sealed class DropFileHazardTests(EngineKind engine) : DropFolderTest(engine)
{
    private const string Header = "response_id,survey_id,survey_type,scale_min,scale_max,touchpoint,score,submitted_at,comment";

    private string Surveys(string name) => Path.Combine(Root, "surveys", name);

    private static string Answer(int i, string touchpoint = "relationship", string comment = "") =>
        $"r{i},nps,NPS,0,10,{touchpoint},{i % 11},2026-03-{1 + i % 28:00}T12:00:00Z,{comment}";

    private async Task<(long Landed, decimal Scores)> FactsAsync()
    {
        await using var db = Database.Open();
        var facts = db.GetTable<FactSurveyResponse>();
        return (await facts.CountAsync(), await facts.SumAsync(f => f.Score ?? 0));
    }

    private static decimal ScoresOf(IEnumerable<int> ids) => ids.Sum(i => i % 11);

    [Test]
    public async Task An_unbalanced_quote_quarantines_its_line_only_and_every_row_after_it_loads()
    {
        const int Rows = 5_000;
        var lines = new List<string> { Header };
        for (var i = 1; i <= Rows; i++) lines.Add(i == 10 ? $"r10,nps,\"NPS,0,10,relationship,3,2026-03-11T12:00:00Z," : Answer(i));
        // Quoted comments over two lines are one record each and load, before the bad line and after it (where its quote pairs with theirs).
        lines[5] = Answer(5, comment: "\"liked it,\nwould buy \"\"again\"\"\"");
        lines[20] = Answer(20, comment: "\"liked it,\nwould buy \"\"again\"\"\"");
        await File.WriteAllLinesAsync(Surveys("answers.csv"), lines);

        var result = await RunFilesAsync();

        var load = result.Loads.Single(l => l.Stream == "surveys");
        Assert.That((load.Read, load.Landed, load.Quarantined), Is.EqualTo(((long)Rows, Rows - 1L, 1L)));
        Assert.That(await FactsAsync(), Is.EqualTo((Rows - 1L, ScoresOf(Enumerable.Range(1, Rows).Where(i => i != 10)))));
        await using var db = Database.Open();
        var bad = await db.GetTable<EtlQuarantine>().SingleAsync();
        Assert.That(bad.Origin, Is.EqualTo("answers.csv line 12"), "row 10, after the header and a two-line record");
        Assert.That(bad.Reason, Does.Contain("unbalanced quotes").And.Contain("reading resumed at the next line"));
        Assert.That(bad.RawPayload, Is.EqualTo("r10,nps,\"NPS,0,10,relationship,3,2026-03-11T12:00:00Z,"));
        Assert.That(await db.GetTable<StgSurveyAnswer>().CountAsync(), Is.Zero, "staging emptied by the transform");
    }

    [Test]
    public async Task An_opening_quote_never_closed_before_the_end_quarantines_that_line_and_keeps_the_rest()
    {
        await File.WriteAllLinesAsync(Surveys("answers.csv"), [Header, Answer(1), "r2,nps,NPS,0,10,\"relationship,5,2026-03-02T12:00:00Z,", Answer(3), Answer(4)]);

        var result = await RunFilesAsync();

        Assert.That(result.Loads.Single(l => l.Stream == "surveys") is var l ? (l.Read, l.Landed, l.Quarantined) : default, Is.EqualTo((4L, 3L, 1L)));
        Assert.That(await FactsAsync(), Is.EqualTo((3L, ScoresOf([1, 3, 4]))));
        await using var db = Database.Open();
        var bad = await db.GetTable<EtlQuarantine>().SingleAsync();
        Assert.That((bad.Origin, bad.Reason), Is.EqualTo(("answers.csv line 3", "an opening quote that is never closed within its record (line 4 reads as a record of its own; unbalanced quotes); reading resumed at the next line")));
    }

    [Test]
    public async Task An_opening_quote_closed_by_a_stray_quote_200_lines_later_costs_those_two_lines_only()
    {
        // Line 11 opens a quote in the comment; the stray quote of goo"gle in the same column on line 211 would close it
        // into one record with the header's number of fields, swallowing the 199 valid rows between them.
        var lines = new List<string> { Header };
        for (var i = 1; i <= 300; i++) lines.Add(i == 10 ? Answer(10, comment: "\"great service") : i == 210 ? Answer(210, comment: "goo\"gle") : Answer(i));
        await File.WriteAllLinesAsync(Surveys("answers.csv"), lines);

        var result = await RunFilesAsync();

        var load = result.Loads.Single(l => l.Stream == "surveys");
        Assert.That((load.Read, load.Landed, load.Quarantined), Is.EqualTo((300L, 298L, 2L)));
        Assert.That(await FactsAsync(), Is.EqualTo((298L, ScoresOf(Enumerable.Range(1, 300).Where(i => i is not 10 and not 210)))));
        await using var db = Database.Open();
        var bad = await db.GetTable<EtlQuarantine>().OrderBy(q => q.QuarantineId).Select(q => new { q.Origin, q.RawPayload }).ToListAsync();
        Assert.That(bad.Select(q => q.Origin), Is.EqualTo(new[] { "answers.csv line 11", "answers.csv line 211" }));
        Assert.That(bad.Select(q => q.RawPayload), Is.EqualTo(new[] { lines[10], lines[210] }), "each quarantined row holds its own line, not the rows between");
    }

    [Test]
    public async Task A_quote_inside_a_field_quarantines_that_row_and_the_next_row_loads()
    {
        await File.WriteAllLinesAsync(Surveys("answers.csv"), [Header, Answer(1), Answer(2, comment: "goo\"gle"), Answer(3), Answer(4)]);

        var result = await RunFilesAsync();

        var load = result.Loads.Single(l => l.Stream == "surveys");
        Assert.That((load.Read, load.Landed, load.Quarantined), Is.EqualTo((4L, 3L, 1L)));
        Assert.That(await FactsAsync(), Is.EqualTo((3L, ScoresOf([1, 3, 4]))));
        await using var db = Database.Open();
        var bad = await db.GetTable<EtlQuarantine>().SingleAsync();
        Assert.That(bad.Origin, Is.EqualTo("answers.csv line 3"));
        Assert.That(bad.Reason, Does.Contain("a quote inside the unquoted field 'goo\"gle'"));
    }

    [Test]
    public async Task A_line_far_longer_than_any_record_is_quarantined_cut_and_the_rest_loads()
    {
        await File.WriteAllLinesAsync(Surveys("answers.csv"), [Header, Answer(1), Answer(2, comment: new string('x', 300_000)), Answer(3)]);

        var result = await RunFilesAsync();

        var load = result.Loads.Single(l => l.Stream == "surveys");
        Assert.That((load.Read, load.Landed, load.Quarantined), Is.EqualTo((3L, 2L, 1L)));
        await using var db = Database.Open();
        var bad = await db.GetTable<EtlQuarantine>().SingleAsync();
        Assert.That((bad.Origin, bad.Reason), Is.EqualTo(("answers.csv line 3", "a line longer than 100,000 characters")));
        Assert.That(bad.RawPayload, Has.Length.EqualTo(CsvRecordGuard.MaxRecordLength));
    }

    [Test]
    public async Task A_file_still_being_written_is_left_until_it_settles_and_then_loads_whole()
    {
        var file = Surveys("answers.csv");
        await using (var start = new StreamWriter(file)) { await start.WriteLineAsync(Header); for (var i = 1; i <= 100; i++) await start.WriteLineAsync(Answer(i)); }

        // The writer appends a row every 100 ms for 3 s while the run looks at the folder with a 1 s settle time.
        var writer = Task.Run(async () =>
        {
            for (var i = 101; i <= 130; i++)
            {
                await Task.Delay(100);
                await File.AppendAllTextAsync(file, Answer(i) + "\n");
            }
        });
        var settings = new SourceSettings { Root = Root, SettleTime = TimeSpan.FromSeconds(1) };
        var first = await RunFilesAsync(settings);
        Assert.That(first.Loads.Single(l => l.Stream == "surveys").Read, Is.Zero, "the growing file is not read");
        Assert.That(File.Exists(file), Is.True, "and not moved to processed/");
        await writer;

        var second = await RunFilesAsync(settings);

        Assert.That(second.Loads.Single(l => l.Stream == "surveys").Landed, Is.EqualTo(130));
        Assert.That(await FactsAsync(), Is.EqualTo((130L, ScoresOf(Enumerable.Range(1, 130)))));
        Assert.That(File.Exists(Path.Combine(Root, "surveys", "processed", "answers.csv")), Is.True);
        await using var db = Database.Open();
        var recorded = await db.GetTable<EtlLoadedFile>().SingleAsync();
        Assert.That(recorded.ContentHash, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(Root, "surveys", "processed", "answers.csv"))))));
    }

    [Test]
    public async Task With_the_done_marker_rule_a_file_waits_for_its_marker()
    {
        await File.WriteAllLinesAsync(Surveys("answers.csv"), [Header, Answer(1), Answer(2)]);
        var settings = new SourceSettings { Root = Root, RequireDoneMarker = true };

        Assert.That((await RunFilesAsync(settings)).Loads.Single(l => l.Stream == "surveys").Read, Is.Zero);
        await File.WriteAllTextAsync(Surveys("answers.csv.done"), "");
        var second = await RunFilesAsync(settings);

        Assert.That(second.Loads.Single(l => l.Stream == "surveys").Landed, Is.EqualTo(2));
        Assert.That(Directory.GetFiles(Path.Combine(Root, "surveys")), Is.Empty, "the file and its marker moved to processed/");
        Assert.That(File.Exists(Path.Combine(Root, "surveys", "processed", "answers.csv.done")), Is.True);
    }

    [Test]
    public async Task A_binary_or_utf16_file_named_csv_is_refused_whole_and_the_other_streams_land()
    {
        var noise = new byte[20_000];
        new Random(7).NextBytes(noise);
        await File.WriteAllBytesAsync(Surveys("export.csv"), noise);
        // UTF-16 without a byte order mark: every other byte is NUL.
        await File.WriteAllBytesAsync(Surveys("utf16.csv"), new UnicodeEncoding(bigEndian: false, byteOrderMark: false).GetBytes(Header + "\n" + Answer(1) + "\n"));
        await File.WriteAllLinesAsync(Surveys("good.csv"), [Header, Answer(2), Answer(3)]);
        await File.WriteAllLinesAsync(Path.Combine(Root, "marketing_spend", "spend.csv"), ["date,campaign_id,spend,currency", "2026-03-05,fb,10.00,USD"]);

        var error = Assert.ThrowsAsync<RejectedFilesException>(() => RunFilesAsync());

        Assert.That(error!.Message, Does.Contain("export.csv lacks the required column(s)").And.Contain("utf16.csv lacks the required column(s)"));
        Assert.That(await FactsAsync(), Is.EqualTo((2L, ScoresOf([2, 3]))));
        await using var db = Database.Open();
        Assert.That(await db.GetTable<FactCampaignSpend>().SumAsync(s => s.Spend), Is.EqualTo(10m));
        Assert.That(Directory.GetFiles(Path.Combine(Root, "surveys", "rejected")).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "export.csv", "utf16.csv" }));
    }

    [Test]
    public async Task Thirty_thousand_bad_rows_are_each_quarantined_and_counted_beside_the_good_ones()
    {
        var lines = new List<string> { Header };
        for (var i = 1; i <= 40_000; i++) lines.Add(i % 4 == 0 ? Answer(i) : Answer(i, touchpoint: "kiosk"));
        await File.WriteAllLinesAsync(Surveys("answers.csv"), lines);

        var result = await RunFilesAsync();

        var load = result.Loads.Single(l => l.Stream == "surveys");
        Assert.That((load.Read, load.Landed, load.Quarantined), Is.EqualTo((40_000L, 10_000L, 30_000L)));
        Assert.That(load.TopReasons, Is.EqualTo(new[] { ("unknown touchpoint 'kiosk'", 30_000) }));
        await using var db = Database.Open();
        Assert.That(await db.GetTable<EtlQuarantine>().CountAsync(), Is.EqualTo(30_000));
        Assert.That(await db.GetTable<EtlQuarantine>().CountAsync(q => q.Origin == "answers.csv line 40000"), Is.EqualTo(1));
        Assert.That(await FactsAsync(), Is.EqualTo((10_000L, ScoresOf(Enumerable.Range(1, 40_000).Where(i => i % 4 == 0)))));
    }

    [Test]
    public async Task Rows_appended_to_a_file_after_it_was_read_stay_in_the_drop_folder_and_load_on_the_next_run()
    {
        await File.WriteAllLinesAsync(Surveys("a.csv"), [Header, .. Enumerable.Range(1, 50).Select(i => Answer(i))]);
        await File.WriteAllLinesAsync(Surveys("b.csv"), [Header, Answer(51)]);
        var stream = new SurveysStream(new DropFolder(Root, TimeSpan.Zero, RequireDoneMarker: false), Database, new DropStreamSettings());
        var context = new Warehouse.Etl.Landing.StreamContext(1, null, Settings, TimeSpan.Zero, SourceInstance.Default(SourceNames.Files));

        // The stream reads a.csv whole, then b.csv; while b.csv is being read, a writer appends to a.csv.
        var read = 0;
        await foreach (var record in stream.ReadAsync(context, CancellationToken.None))
        {
            if (record.Origin!.StartsWith("b.csv", StringComparison.Ordinal) && read++ == 0)
            {
                await File.AppendAllLinesAsync(Surveys("a.csv"), Enumerable.Range(52, 50).Select(i => Answer(i)));
            }
        }

        await stream.OnCommittedAsync(CancellationToken.None);
        Assert.That(File.Exists(Surveys("a.csv")), Is.True, "a.csv changed after it was read: it is not moved away");
        Assert.That(File.Exists(Path.Combine(Root, "surveys", "processed", "b.csv")), Is.True);

        var run = await RunFilesAsync();
        Assert.That(run.Loads.Single(l => l.Stream == "surveys").Landed, Is.EqualTo(100), "a.csv with its 50 appended rows");
        Assert.That(await FactsAsync(), Is.EqualTo((100L, ScoresOf(Enumerable.Range(1, 50).Concat(Enumerable.Range(52, 50))))));
        Assert.That(File.Exists(Path.Combine(Root, "surveys", "processed", "a.csv")), Is.True);
    }

    [Test]
    public async Task A_symbolic_link_in_a_drop_folder_is_rejected_unread_and_the_other_files_land()
    {
        var secret = Path.Combine(Root, "secret.txt");
        await File.WriteAllLinesAsync(secret, [Header, "r900,nps,NPS,0,10,relationship,7,2026-03-01T12:00:00Z,host secret"]);
        File.CreateSymbolicLink(Surveys("link.csv"), secret);
        await File.WriteAllLinesAsync(Surveys("good.csv"), [Header, Answer(1), Answer(2)]);

        var error = Assert.ThrowsAsync<RejectedFilesException>(() => RunFilesAsync());

        Assert.That(error!.Message, Does.Contain("link.csv: it is a symbolic link: drop folders take regular files only"));
        Assert.That(await FactsAsync(), Is.EqualTo((2L, ScoresOf([1, 2]))));
        await using var db = Database.Open();
        Assert.That(await db.GetTable<EtlQuarantine>().CountAsync(q => q.RawPayload!.Contains("host secret")), Is.Zero, "nothing of the link's target is read");
        Assert.That(Directory.GetFiles(Path.Combine(Root, "surveys", "rejected")).Select(Path.GetFileName), Is.EqualTo(new[] { "link.csv" }));
        Assert.That(File.Exists(secret), Is.True, "the link is moved, its target untouched");

        var again = await RunFilesAsync();
        Assert.That(again.Loads.Single(l => l.Stream == "surveys").Read, Is.Zero, "the link is not met again on the next run");
    }

    [Test]
    public async Task A_named_pipe_in_a_drop_folder_is_rejected_without_blocking_the_run()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("named pipes in a folder are a Unix thing");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Surveys("x.csv"))) await mkfifo.WaitForExitAsync();
        await File.WriteAllLinesAsync(Surveys("good.csv"), [Header, Answer(1)]);

        var run = RunFilesAsync();
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.That(finished, Is.SameAs(run), "the run does not wait for a writer on the pipe");
        var error = Assert.ThrowsAsync<RejectedFilesException>(() => run);
        Assert.That(error!.Message, Does.Contain("x.csv: it is a named pipe or other special file"));
        Assert.That(await FactsAsync(), Is.EqualTo((1L, ScoresOf([1]))));
    }
}
