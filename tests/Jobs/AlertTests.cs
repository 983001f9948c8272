using LinqToDB;
using LinqToDB.Async;
using Warehouse.Engines;
using Warehouse.Etl.Http;
using Warehouse.Jobs.Alerts;
using Warehouse.Jobs.Demo;
using Warehouse.Kpis;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Kpis;

namespace Warehouse.Tests.Jobs;

/// <summary>KPI thresholds against a real warehouse and a real local webhook receiver.</summary>
public sealed class AlertTests(EngineKind engine) : KpiTestBase(engine)
{
    private static readonly AlertSettings AovBelowTarget = new()
    {
        Thresholds = [new KpiThreshold { Kpi = "aov", Target = 100, Warning = 60, Critical = 40 }, new KpiThreshold { Kpi = "cart_abandonment", Warning = 70 }],
    };

    [SetUp]
    public Task ArrangeOrdersAsync() => ArrangeAsync(async f =>
    {
        await f.CustomerAsync(1, "c1", "retail");
        await f.OrderLineAsync("A", 1, new DateTime(2026, 3, 2), 1, 30m);
        await f.OrderLineAsync("B", 1, new DateTime(2026, 3, 3), 1, 45m);
    });

    private static HttpClient Webhook(Uri address) => SourceHttpClient.Create("alerts", address,
        new HttpSettings { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(50), AttemptTimeout = TimeSpan.FromSeconds(2), TotalTimeout = TimeSpan.FromSeconds(10) });

    [Test]
    public async Task A_breached_threshold_is_stored_once_and_posted_to_the_webhook()
    {
        await using var receiver = await LoopbackApiServer.StartAsync();
        var settings = new AlertSettings { WebhookUrl = receiver.BaseAddress + "webhook", Thresholds = AovBelowTarget.Thresholds };
        using var webhook = Webhook(receiver.BaseAddress);
        var evaluator = new AlertEvaluator(Database, settings, webhook);

        // March AOV = (30 + 45) / 2 = 37.5: under the critical level 40 (higher is better).
        var first = await evaluator.EvaluateAsync(new Dictionary<string, TimeSpan>(), CancellationToken.None);
        var second = await evaluator.EvaluateAsync(new Dictionary<string, TimeSpan>(), CancellationToken.None);

        Assert.That(first.Select(a => (a.KpiCode, a.Severity, a.ObservedValue, a.ThresholdValue)), Is.EqualTo(new[] { ("aov", "critical", (double?)37.5, (double?)40) }));
        Assert.That(second, Is.Empty, "the same breach of the same period is not raised twice");
        await using var db = Database.Open();
        var stored = await db.GetTable<EtlAlert>().SingleAsync();
        Assert.That((stored.PeriodStart, stored.DeliveredAt is not null), Is.EqualTo(((DateOnly?)new DateOnly(2026, 3, 1), true)));
        Assert.That(receiver.Webhooks, Has.Count.EqualTo(1));
        Assert.That(receiver.Webhooks[0], Does.Contain("\"kpi\":\"aov\"").And.Contain("\"severity\":\"critical\""));
    }

    [Test]
    public async Task A_dead_webhook_never_fails_the_evaluation_and_the_alert_stays_stored()
    {
        var dead = new Uri("http://127.0.0.1:9/");
        using var webhook = Webhook(dead);
        var evaluator = new AlertEvaluator(Database, new AlertSettings { WebhookUrl = dead + "webhook", Thresholds = AovBelowTarget.Thresholds }, webhook);

        var raised = await evaluator.EvaluateAsync(new Dictionary<string, TimeSpan>(), CancellationToken.None);

        Assert.That(raised, Has.Count.EqualTo(1));
        await using var db = Database.Open();
        Assert.That((await db.GetTable<EtlAlert>().SingleAsync()).DeliveredAt, Is.Null);
    }

    [Test]
    public async Task A_source_past_its_freshness_limit_raises_an_alert()
    {
        var evaluator = new AlertEvaluator(Database, new AlertSettings(), null);

        var raised = await evaluator.EvaluateAsync(new Dictionary<string, TimeSpan> { ["Shopify"] = TimeSpan.FromHours(2) }, CancellationToken.None);

        Assert.That(raised.Select(a => (a.AlertKind, a.Source, a.Severity)), Is.EqualTo(new[] { ("freshness", (string?)"Shopify", "critical") }));
    }
}
