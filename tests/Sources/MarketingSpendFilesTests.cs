using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.Files;
using Warehouse.Schema.Dw;
using Warehouse.Tests.Fixtures;

namespace Warehouse.Tests.Sources;

public sealed class MarketingSpendFilesTests(EngineKind engine) : EngineTest(engine)
{
    [Test]
    public async Task Spend_completes_campaigns_seen_in_utm_and_converts_to_the_reporting_currency()
    {
        await DeployAsync();
        var root = Path.Combine(Path.GetTempPath(), "spend-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(root, "web_sessions"));
        Directory.CreateDirectory(Path.Combine(root, "marketing_spend"));
        try
        {
            await File.WriteAllLinesAsync(Path.Combine(root, "web_sessions", "s.csv"),
            [
                "session_id,session_start,source,medium,campaign,page_views",
                "s1,2026-03-01T10:00:00Z,google,cpc,Spring_Sale,2",
            ]);
            var settings = new SourceSettings { Root = root, SettleTime = TimeSpan.Zero };
            await RunAsync(settings);
            await File.WriteAllLinesAsync(Path.Combine(root, "marketing_spend", "spend_2026_03.csv"),
            [
                "date,campaign_id,campaign_name,channel,spend,currency,impressions,clicks",
                "2026-03-01,spring_sale,Spring Sale,paid_search,100.00,USD,10000,200",
                "2026-03-01,spring_sale,Spring Sale,paid_search,50.00,EUR,5000,100",
                "2026-03-02,spring_sale,Spring Sale,paid_search,20.00,XYZ,100,1",
            ]);

            var result = await RunAsync(settings);

            Assert.That(result.Loads.Single(l => l.Stream == "marketing_spend").Quarantined, Is.EqualTo(1));
            await using var db = Database.Open();
            var campaign = await db.GetTable<DimCampaign>().SingleAsync(c => c.CampaignKey > 0);
            Assert.That((campaign.CampaignId, campaign.CampaignName, campaign.IsInferred), Is.EqualTo(("spring_sale", "Spring Sale", false)));
            var spend = await db.GetTable<FactCampaignSpend>().SingleAsync();
            Assert.That((spend.CampaignKey, spend.SpendDateKey, spend.Spend, spend.SpendReporting, spend.Impressions), Is.EqualTo((campaign.CampaignKey, 20260301, 150m, 154m, 15000L)));
            var session = await db.GetTable<FactWebSession>().SingleAsync();
            Assert.That(session.CampaignKey, Is.EqualTo(campaign.CampaignKey));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private Task<SourceRunResult> RunAsync(SourceSettings settings)
    {
        using var source = new FilesSource(settings, Database);
        return new SourcePipeline(Database, Settings).RunAsync(source, CancellationToken.None);
    }
}
