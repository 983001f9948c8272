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

/// <summary>The web-session file drop, on a real folder and a real database.</summary>
public sealed class WebSessionFilesTests(EngineKind engine) : EngineTest(engine)
{
    private const string Header = "session_id,user_pseudo_id,user_id,session_start,source,medium,campaign,landing_page,page_views,engaged,key_events,transaction_id,device_category,country";
    private string root = null!;

    private string Folder => Path.Combine(root, "web_sessions");

    [SetUp]
    public async Task CreateDropFolderAsync()
    {
        root = Path.Combine(Path.GetTempPath(), "drop-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Folder);
        await DeployAsync();
    }

    [TearDown]
    public void DeleteDropFolder() => Directory.Delete(root, recursive: true);

    private Task<SourceRunResult> RunAsync()
    {
        var settings = new SourceSettings { Root = root, SettleTime = TimeSpan.Zero };
        using var source = new FilesSource(settings, Database);
        return new SourcePipeline(Database, Settings).RunAsync(source, CancellationToken.None);
    }

    private void Drop(string name, params string[] lines) => File.WriteAllText(Path.Combine(Folder, name), string.Join("\n", lines) + "\n");

    private static readonly string[] ThreeSessions =
    [
        Header,
        "s1,u1,,2026-03-01T10:00:00Z,(direct),(none),(not set),/,3,true,sign_up;add_to_cart,1001,desktop,CA",
        "s2,u2,,2026-03-01T11:00:00Z,google,cpc,Spring,\"/p?utm_campaign=Spring,x\",5,false,,,mobile,US",
        "s3,u3,,2026-03-02T11:00:00Z,newsletter,email,April News,/news,1,false,sign_up,,desktop,US",
    ];

    [Test]
    public async Task A_file_is_loaded_once_and_moved_to_processed()
    {
        Drop("sessions_2026_03.csv", ThreeSessions);

        var first = await RunAsync();
        Drop("sessions_2026_03.csv", ThreeSessions); // the same file dropped again
        var second = await RunAsync();

        Assert.That(first.Landed, Is.EqualTo(3));
        Assert.That(second.Read, Is.Zero);
        Assert.That(File.Exists(Path.Combine(Folder, "processed", "sessions_2026_03.csv")), Is.True);
        Assert.That(Directory.GetFiles(Folder), Is.Empty);
        await using var db = Database.Open();
        var sessions = await db.GetTable<FactWebSession>().OrderBy(s => s.SessionId).ToListAsync();
        Assert.That(sessions.Select(s => (s.SessionId, s.IsDirect, s.IsConverted, s.PageViews)),
            Is.EqualTo(new[] { ("s1", true, true, 3), ("s2", false, false, 5), ("s3", false, false, 1) }));
        var goals = await db.GetTable<FactSessionGoal>().OrderBy(g => g.SessionId).ThenBy(g => g.GoalName).Select(g => g.SessionId + ":" + g.GoalName).ToListAsync();
        Assert.That(goals, Is.EqualTo(new[] { "s1:add_to_cart", "s1:sign_up", "s3:sign_up" }));
        var email = await db.GetTable<DimChannel>().SingleAsync(c => c.ChannelCode == "email");
        Assert.That(sessions[2].ChannelKey, Is.EqualTo(email.ChannelKey));
        Assert.That(await db.GetTable<DimCampaign>().Where(c => c.CampaignKey > 0).Select(c => c.CampaignId).OrderBy(c => c).ToListAsync(), Is.EqualTo(new[] { "april news", "spring" }));
    }

    [Test]
    public async Task A_file_missing_a_required_column_is_refused_whole_and_the_run_fails_after_the_other_files_load()
    {
        Drop("a_good.csv", ThreeSessions);
        Drop("b_no_page_views.csv", "session_id,session_start,source,medium", "s9,2026-03-01T10:00:00Z,google,organic", "s10,2026-03-01T10:00:00Z,google,organic");

        var refused = Assert.ThrowsAsync<RejectedFilesException>(RunAsync);

        Assert.That(refused!.Files.Single(), Does.StartWith("b_no_page_views.csv lacks the required column(s) page_views"));
        Assert.That(File.Exists(Path.Combine(Folder, "rejected", "b_no_page_views.csv")), Is.True, "left for a corrected copy");
        Assert.That(File.Exists(Path.Combine(Folder, "processed", "a_good.csv")), Is.True);
        await using var db = Database.Open();
        Assert.That(await db.GetTable<EtlQuarantine>().CountAsync(), Is.Zero, "no row of the refused file is quarantined or recorded");
        Assert.That(await db.GetTable<EtlLoadedFile>().Select(f => f.FileName).ToListAsync(), Is.EqualTo(new[] { "a_good.csv" }));
        Assert.That(await db.GetTable<FactWebSession>().CountAsync(), Is.EqualTo(3), "the other file loaded and was transformed");
    }

    [Test]
    public async Task A_truncated_last_row_is_quarantined_and_the_rows_before_it_land()
    {
        File.WriteAllText(Path.Combine(Folder, "cut.csv"), string.Join("\n", ThreeSessions) + "\ns4,u4,,2026-03-03T10:00:00Z,goo");

        var result = await RunAsync();

        Assert.That((result.Read, result.Landed, result.Quarantined), Is.EqualTo((4L, 3L, 1L)));
        await using var db = Database.Open();
        var quarantined = await db.GetTable<EtlQuarantine>().SingleAsync();
        Assert.That((quarantined.Origin, quarantined.Reason), Is.EqualTo(("cut.csv line 5", "5 fields where the header has 14 (truncated or malformed row)")));
        Assert.That(quarantined.RawPayload, Is.EqualTo("s4,u4,,2026-03-03T10:00:00Z,goo"));
    }
}
