using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.Files;
using Warehouse.Schema.Dw;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Sources;

/// <summary>Real data's traps in the file drops: days outside the calendar, money with more decimals than its column, local timestamps.</summary>
public sealed class DropFileRulesTests(EngineKind engine) : DropFolderTest(engine)
{
    [Test]
    public async Task Data_older_than_the_configured_calendar_widens_it_and_counts_in_the_kpis()
    {
        // The calendar is configured for 2025-2027; these are a 2016 survey answer and 2017 spend.
        await File.WriteAllLinesAsync(Path.Combine(Root, "surveys", "old.csv"),
        [
            "response_id,survey_id,survey_type,scale_min,scale_max,touchpoint,score,submitted_at",
            "r1,nps,NPS,0,10,relationship,10,2016-10-04T12:00:00Z",
            "r2,nps,NPS,0,10,relationship,2,2016-10-05T12:00:00Z",
            "r3,nps,NPS,0,10,relationship,9,2016-10-06T12:00:00Z",
        ]);
        await File.WriteAllLinesAsync(Path.Combine(Root, "marketing_spend", "old.csv"), ["date,campaign_id,spend,currency", "2017-03-05,fb,10.00,USD"]);

        var result = await RunFilesAsync(new SourceSettings { Root = Root, SettleTime = TimeSpan.Zero });

        Assert.That(result.Quarantined, Is.Zero);
        AssertValue(await ValueAsync("nps", new DateOnly(2016, 10, 1)), 1, 3, 100.0 / 3);
        var cac = await ValueAsync("cac", new DateOnly(2017, 3, 1));
        Assert.That(cac.Numerator, Is.EqualTo(10));
        await using var db = Database.Open();
        var days = db.GetTable<DimDate>().Where(d => d.DateKey > 0);
        Assert.That(await days.MinAsync(d => d.DateKey), Is.EqualTo(20161004));
        Assert.That(await days.MaxAsync(d => d.DateKey), Is.EqualTo(20271231), "never narrower than configured");
        Assert.That(await days.CountAsync(d => d.DateKey >= 20161004 && d.DateKey <= 20161231), Is.EqualTo(89), "every day from the first one");
        Assert.That(await db.GetTable<BusinessInterval>().AnyAsync(i => i.DateKey == 20161004), Is.True, "business hours cover the widened days");

        // A later deploy keeps the widened days.
        await DeployAsync();
        Assert.That(await days.MinAsync(d => d.DateKey), Is.EqualTo(20161004));
        Assert.That(await db.GetTable<BusinessInterval>().AnyAsync(i => i.DateKey == 20161004), Is.True);
    }

    [Test]
    public async Task Money_is_rounded_half_to_even_to_its_column_and_a_number_too_large_is_quarantined()
    {
        await File.WriteAllLinesAsync(Path.Combine(Root, "marketing_spend", "spend.csv"),
        [
            "date,campaign_id,spend,currency",
            "2026-03-05,fb,1.429999948,USD",
            "2026-03-05,fb,2.00005,USD",
            "2026-03-05,fb,2.00015,USD",
            "2026-03-06,fb,1000000000000000,USD",
        ]);

        var result = await RunFilesAsync(new SourceSettings { Root = Root, SettleTime = TimeSpan.Zero });

        var spend = result.Loads.Single(l => l.Stream == "marketing_spend");
        Assert.That((spend.Read, spend.Landed, spend.Quarantined), Is.EqualTo((4L, 3L, 1L)));
        await using var db = Database.Open();
        // 1.4300 + 2.0000 + 2.0002 (truncation would give 1.4299 + 2.0000 + 2.0001).
        Assert.That(await db.GetTable<FactCampaignSpend>().Select(s => s.Spend).SingleAsync(), Is.EqualTo(5.4302m));
        var tooLarge = await db.GetTable<EtlQuarantine>().SingleAsync();
        Assert.That((tooLarge.Origin, tooLarge.Reason),
            Is.EqualTo(("spend.csv line 5", "'spend' 1000000000000000 is too large for its column (less than 100000000000000 in absolute value)")));
    }

    [Test]
    public async Task Timestamps_without_an_offset_are_read_in_the_streams_time_zone()
    {
        await File.WriteAllLinesAsync(Path.Combine(Root, "web_sessions", "s.csv"),
        [
            "session_id,session_start,source,medium,page_views",
            "s1,2026-03-01 23:30:00,google,organic,1",
            "s2,2026-03-01T23:30:00Z,google,organic,1",
            "s3,2026-03-08 02:30:00,google,organic,1",
        ]);
        var settings = new SourceSettings { Root = Root, SettleTime = TimeSpan.Zero, WebSessions = new DropStreamSettings { TimeZone = "America/New_York" } };

        var result = await RunFilesAsync(settings);

        Assert.That(result.Quarantined, Is.EqualTo(1));
        await using var db = Database.Open();
        var sessions = await db.GetTable<FactWebSession>().OrderBy(s => s.SessionId).Select(s => new { s.SessionId, s.StartedAt, s.SessionDateKey }).ToListAsync();
        Assert.That(sessions.Select(s => (s.SessionId, s.StartedAt, s.SessionDateKey)), Is.EqualTo(new[]
        {
            ("s1", new DateTime(2026, 3, 2, 4, 30, 0), 20260302),
            ("s2", new DateTime(2026, 3, 1, 23, 30, 0), 20260301),
        }));
        var skipped = await db.GetTable<EtlQuarantine>().SingleAsync();
        Assert.That((skipped.Origin, skipped.Reason),
            Is.EqualTo(("s.csv line 4", "'session_start' 2026-03-08 02:30:00 does not exist in America/New_York (the clock skips it at the daylight-saving change)")));
    }

    [Test]
    public void An_unknown_time_zone_is_refused_naming_the_setting()
    {
        var settings = new SourceSettings { Root = Root, SettleTime = TimeSpan.Zero, Surveys = new DropStreamSettings { TimeZone = "Mars/Olympus" } };
        File.WriteAllLines(Path.Combine(Root, "surveys", "a.csv"), ["response_id,survey_id,survey_type,scale_min,scale_max,score,submitted_at", "r1,n,NPS,0,10,9,2026-03-01T10:00:00Z"]);

        var error = Assert.ThrowsAsync<InvalidOperationException>(() => RunFilesAsync(settings));

        Assert.That(error!.Message, Is.EqualTo("Sources:Files:surveys:TimeZone 'Mars/Olympus' is not a known time zone (use an IANA name such as Europe/Berlin)."));
    }

    [Test]
    public async Task A_date_in_another_format_is_quarantined_naming_the_file_line_and_the_expected_format()
    {
        await File.WriteAllLinesAsync(Path.Combine(Root, "marketing_spend", "eu.csv"), ["date,campaign_id,spend,currency", "05/03/2026,fb,10.00,USD", "2026-03-05,fb,5.00,USD"]);

        var result = await RunFilesAsync(new SourceSettings { Root = Root, SettleTime = TimeSpan.Zero });

        Assert.That((result.Landed, result.Quarantined), Is.EqualTo((1L, 1L)));
        await using var db = Database.Open();
        var row = await db.GetTable<EtlQuarantine>().SingleAsync();
        Assert.That((row.Origin, row.Reason), Is.EqualTo(("eu.csv line 2", "unparsable date in 'date': '05/03/2026' (expected yyyy-MM-dd)")));
        Assert.That(await db.GetTable<FactCampaignSpend>().Select(s => s.Spend).SingleAsync(), Is.EqualTo(5m));
    }

    [Test]
    public async Task The_same_spend_report_dropped_twice_in_one_run_counts_once_and_other_channels_add_up()
    {
        string[] report = ["date,campaign_id,channel,spend,currency", "2026-03-01,fb,paid_social,10.00,USD", "2026-03-01,fb,paid_social,2.50,USD"];
        await File.WriteAllLinesAsync(Path.Combine(Root, "marketing_spend", "spend.csv"), report);
        await File.WriteAllLinesAsync(Path.Combine(Root, "marketing_spend", "spend (copy).csv"), report);
        await File.WriteAllLinesAsync(Path.Combine(Root, "marketing_spend", "newsletter.csv"), ["date,campaign_id,channel,spend,currency", "2026-03-01,fb,email,5.00,USD"]);

        var result = await RunFilesAsync(new SourceSettings { Root = Root, SettleTime = TimeSpan.Zero });

        Assert.That(result.Loads.Single(l => l.Stream == "marketing_spend").Landed, Is.EqualTo(5));
        await using var db = Database.Open();
        var rows = await db.GetTable<FactCampaignSpend>().OrderBy(s => s.ReportedChannel).Select(s => new { s.ReportedChannel, s.Spend }).ToListAsync();
        Assert.That(rows.Select(r => (r.ReportedChannel, r.Spend)), Is.EqualTo(new[] { ("email", 5.00m), ("paid_social", 12.50m) }), "12.50 from one copy of the report + 5.00 by e-mail");
    }

    [Test]
    public async Task Quarantined_payloads_keep_no_plain_email_and_expire_after_the_retention()
    {
        await using (var db = Database.Open())
        {
            await db.InsertAsync(new EtlQuarantine { LoadId = 0, Source = "Files", Stream = "surveys", Reason = "old", RawPayload = "x", QuarantinedAt = DateTime.UtcNow.AddDays(-200) });
        }

        await File.WriteAllLinesAsync(Path.Combine(Root, "surveys", "a.csv"),
            ["response_id,survey_id,survey_type,scale_min,scale_max,respondent_email,score,submitted_at", "r1,nps,NPS,0,10,Ana.Lima@Example.com,11,2026-03-01T10:00:00Z"]);

        await RunFilesAsync(new SourceSettings { Root = Root, SettleTime = TimeSpan.Zero });

        await using var check = Database.Open();
        var row = await check.GetTable<EtlQuarantine>().SingleAsync();
        Assert.That(row.Reason, Does.Contain("outside the survey's scale"));
        Assert.That(row.RawPayload, Does.Not.Contain("Ana.Lima").And.Contain("sha256:" + Warehouse.Etl.Sources.CustomerIdentity.Hash("ana.lima@example.com")));
    }

    [Test]
    public async Task A_NUL_byte_in_a_row_quarantines_that_row_with_its_bytes_escaped_and_every_other_row_and_stream_lands()
    {
        await File.WriteAllTextAsync(Path.Combine(Root, "surveys", "a.csv"),
            "response_id,survey_id,survey_type,scale_min,scale_max,touchpoint,score,submitted_at\n" +
            "r1,nps,NPS,0,10,relationship,10,2026-03-01T10:00:00Z\n" +
            "r2,nps,NPS,0,10,relat\0ionship,9,2026-03-01T11:00:00Z\n" +
            "r3,nps,NPS,0,10,relationship,2,2026-03-01T12:00:00Z\n");
        await File.WriteAllLinesAsync(Path.Combine(Root, "marketing_spend", "spend.csv"), ["date,campaign_id,spend,currency", "2026-03-05,fb,10.00,USD"]);

        var result = await RunFilesAsync(new SourceSettings { Root = Root, SettleTime = TimeSpan.Zero });

        Assert.That(result.Loads.Single(l => l.Stream == "surveys").Landed, Is.EqualTo(2));
        Assert.That(result.Loads.Single(l => l.Stream == "marketing_spend").Landed, Is.EqualTo(1));
        await using var db = Database.Open();
        var row = await db.GetTable<EtlQuarantine>().SingleAsync();
        Assert.That(row.Reason, Is.EqualTo("unknown touchpoint 'relat\\u0000ionship'"), "the reason quotes it escaped too");
        Assert.That(row.RawPayload, Is.EqualTo("r2,nps,NPS,0,10,relat\\u0000ionship,9,2026-03-01T11:00:00Z"), "the NUL kept as its escape");
        Assert.That(await db.GetTable<FactSurveyResponse>().CountAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_lone_surrogate_and_a_date_no_calendar_holds_are_quarantined_and_the_rest_lands_and_transforms()
    {
        await File.WriteAllLinesAsync(Path.Combine(Root, "surveys", "a.jsonl"),
        [
            """{"response_id":"r1","survey_id":"nps","survey_type":"NPS","scale_min":0,"scale_max":10,"touchpoint":"relationship","score":10,"submitted_at":"2026-03-01T10:00:00Z"}""",
            """{"response_id":"r2","survey_id":"nps","survey_type":"NPS","scale_min":0,"scale_max":10,"touchpoint":"rel\ud800","score":9,"submitted_at":"2026-03-01T11:00:00Z"}""",
            """{"response_id":"r3","survey_id":"nps","survey_type":"NPS","scale_min":0,"scale_max":10,"touchpoint":"relationship","score":2,"submitted_at":"0001-01-01T00:00:00Z"}""",
            """{"response_id":"r4","survey_id":"nps","survey_type":"NPS","scale_min":0,"scale_max":10,"touchpoint":"relationship","score":0,"submitted_at":"2026-03-02T10:00:00Z"}""",
        ]);

        var result = await RunFilesAsync(new SourceSettings { Root = Root, SettleTime = TimeSpan.Zero });

        Assert.That(result.Loads.Single(l => l.Stream == "surveys").Landed, Is.EqualTo(2));
        await using var db = Database.Open();
        var reasons = await db.GetTable<EtlQuarantine>().OrderBy(q => q.Origin).Select(q => q.Reason).ToListAsync();
        Assert.That(reasons, Has.Count.EqualTo(2));
        Assert.That(reasons, Has.One.Contains("lone UTF-16 surrogate escape"));
        Assert.That(reasons, Has.One.Contains("0001-01-01 is outside the dates the warehouse keeps (1900-01-01 to 9998-12-31)"));
        AssertValue(await ValueAsync("nps", new DateOnly(2026, 3, 1)), 0, 2, 0.0);
    }

    [Test]
    public async Task An_email_address_is_masked_in_quarantine_reasons_and_in_json_escaped_payloads()
    {
        await File.WriteAllLinesAsync(Path.Combine(Root, "surveys", "a.csv"),
            ["response_id,survey_id,survey_type,scale_min,scale_max,touchpoint,score,submitted_at", "r1,nps,NPS,0,10,relationship,10,erin@example.com"]);
        await File.WriteAllLinesAsync(Path.Combine(Root, "surveys", "b.jsonl"),
            ["""{"response_id":"r2","survey_id":"nps","survey_type":"NPS","scale_min":0,"scale_max":10,"respondent_email":"hank\u0040example.com","score":11,"submitted_at":"2026-03-01T10:00:00Z"}"""]);

        var result = await RunFilesAsync(new SourceSettings { Root = Root, SettleTime = TimeSpan.Zero });

        Assert.That(result.Quarantined, Is.EqualTo(2));
        await using var db = Database.Open();
        var rows = await db.GetTable<EtlQuarantine>().OrderBy(q => q.Origin).ToListAsync();
        Assert.That(rows[0].Reason, Does.Contain("'sha256:" + Warehouse.Etl.Sources.CustomerIdentity.Hash("erin@example.com") + "'").And.Not.Contain("erin@"));
        Assert.That(rows[0].RawPayload, Does.Not.Contain("erin@"));
        Assert.That(rows[1].RawPayload, Does.Contain("sha256:" + Warehouse.Etl.Sources.CustomerIdentity.Hash("hank@example.com")).And.Not.Contain("hank"));
        Assert.That(result.Loads.SelectMany(l => l.TopReasons).Select(r => r.Reason), Has.None.Contains("erin@"), "the run's warnings quote the masked reason");
    }

    [Test]
    public async Task A_json_line_over_the_record_cap_is_quarantined_cut_and_the_lines_after_it_load()
    {
        const string Good = """{"response_id":"r{0}","survey_id":"nps","survey_type":"NPS","scale_min":0,"scale_max":10,"score":{0},"submitted_at":"2026-03-01T10:00:00Z"}""";
        var huge = "{\"response_id\":\"big\",\"survey_id\":\"nps\",\"survey_type\":\"NPS\",\"scale_min\":0,\"scale_max\":10,\"score\":5,\"comment\":\"" + new string('x', 3_000_000) + "\"}";
        await File.WriteAllLinesAsync(Path.Combine(Root, "surveys", "a.jsonl"), [Good.Replace("{0}", "1"), huge, Good.Replace("{0}", "2")]);

        var result = await RunFilesAsync();

        var load = result.Loads.Single(l => l.Stream == "surveys");
        Assert.That((load.Read, load.Landed, load.Quarantined), Is.EqualTo((3L, 2L, 1L)));
        await using var db = Database.Open();
        var bad = await db.GetTable<EtlQuarantine>().SingleAsync();
        Assert.That((bad.Origin, bad.Reason), Is.EqualTo(("a.jsonl line 2", "a JSON line longer than 1,000,000 characters (the rest of the line was skipped)")));
        Assert.That(bad.RawPayload, Has.Length.EqualTo(CsvRecordGuard.MaxRecordLength));
        Assert.That(await db.GetTable<FactSurveyResponse>().OrderBy(f => f.ResponseId).Select(f => f.ResponseId).ToListAsync(), Is.EqualTo(new[] { "r1", "r2" }));
    }

    [Test]
    public async Task Spend_of_one_campaign_and_day_adds_across_channels_and_instances_and_a_restated_report_replaces_only_its_own()
    {
        var days = Enumerable.Range(1, 10).Select(d => $"2026-03-{d:00}").ToList();
        string[] Report(string channel, decimal perDay) => ["date,campaign_id,channel,spend,currency", .. days.Select(d => $"{d},spring,{channel},{perDay:0.00},USD")];
        async Task<decimal> SpendAsync()
        {
            await using var db = Database.Open();
            return await db.GetTable<FactCampaignSpend>().SumAsync(f => f.Spend);
        }

        await File.WriteAllLinesAsync(Path.Combine(Root, "marketing_spend", "google.csv"), Report("paid_search", 7m));
        await RunFilesAsync();
        await File.WriteAllLinesAsync(Path.Combine(Root, "marketing_spend", "meta.csv"), Report("paid_social", 10m));
        await RunFilesAsync();
        Assert.That(await SpendAsync(), Is.EqualTo(170m), "Google's 70 one run and Meta's 100 the next add up");

        // A second instance reports display spend, a channel that maps to the same warehouse channel as paid search.
        var eu = Path.Combine(Root, "eu");
        Directory.CreateDirectory(Path.Combine(eu, "marketing_spend"));
        await File.WriteAllLinesAsync(Path.Combine(eu, "marketing_spend", "google.csv"), Report("display", 1m));
        using (var second = new FilesSource(new SourceSettings { Root = eu, SettleTime = TimeSpan.Zero }, Database, new SourceInstance(SourceNames.Files, "eu")))
        {
            await new SourcePipeline(Database, Settings).RunAsync(second, CancellationToken.None);
        }

        Assert.That(await SpendAsync(), Is.EqualTo(180m));

        await File.WriteAllLinesAsync(Path.Combine(Root, "marketing_spend", "google-restated.csv"), Report("paid_search", 5m));
        await RunFilesAsync();
        Assert.That(await SpendAsync(), Is.EqualTo(160m), "the restated paid search report replaces its 70 by 50; Meta's and the other instance's stay");
        await using var check = Database.Open();
        var rows = await check.GetTable<FactCampaignSpend>().Where(f => f.SpendDateKey == 20260301).OrderBy(f => f.ReportedChannel)
            .Select(f => new { f.ReportedChannel, f.SourceInstance, f.Spend }).ToListAsync();
        Assert.That(rows.Select(r => (r.ReportedChannel, r.SourceInstance, r.Spend)), Is.EqualTo(new[] { ("display", "eu", 1m), ("paid_search", "default", 5m), ("paid_social", "default", 10m) }));
    }

    [Test]
    public async Task Of_two_copies_of_a_record_in_one_run_the_later_file_and_line_wins_for_sessions_and_answers()
    {
        const string Answers = "response_id,survey_id,survey_type,scale_min,scale_max,touchpoint,score,submitted_at";
        await File.WriteAllLinesAsync(Path.Combine(Root, "surveys", "a.csv"), [Answers, "r1,nps,NPS,0,10,relationship,3,2026-03-01T12:00:00Z"]);
        await File.WriteAllLinesAsync(Path.Combine(Root, "surveys", "b.csv"),
            [Answers, "r1,nps,NPS,0,10,relationship,9,2026-03-01T12:00:00Z", "r2,nps,NPS,0,10,relationship,1,2026-03-02T12:00:00Z", "r2,nps,NPS,0,10,relationship,4,2026-03-02T12:00:00Z"]);
        const string Sessions = "session_id,session_start,source,medium,campaign,page_views,key_events";
        await File.WriteAllLinesAsync(Path.Combine(Root, "web_sessions", "a.csv"), [Sessions, "s1,2026-03-01T10:00:00Z,google,organic,,2,signup;newsletter"]);
        await File.WriteAllLinesAsync(Path.Combine(Root, "web_sessions", "b.csv"), [Sessions, "s1,2026-03-01T10:00:00Z,google,organic,,5,purchase"]);

        await RunFilesAsync();

        await using var db = Database.Open();
        var scores = await db.GetTable<FactSurveyResponse>().OrderBy(f => f.ResponseId).Select(f => new { f.ResponseId, f.Score }).ToListAsync();
        Assert.That(scores.Select(f => (f.ResponseId, f.Score)), Is.EqualTo(new[] { ("r1", (decimal?)9m), ("r2", (decimal?)4m) }), "b.csv is read after a.csv, and line 4 after line 3");
        var session = await db.GetTable<FactWebSession>().SingleAsync();
        Assert.That(session.PageViews, Is.EqualTo(5));
        var goals = await db.GetTable<FactSessionGoal>().Select(g => g.GoalName).ToListAsync();
        Assert.That(goals, Is.EqualTo(new[] { "purchase" }), "the goals of the copy that won, not of both");
    }
}
