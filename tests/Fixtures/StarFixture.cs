using LinqToDB;
using LinqToDB.Data;
using Warehouse.Schema.Dw;

namespace Warehouse.Tests.Fixtures;

/// <summary>Inserts small hand-made dimension and fact rows for KPI tests.</summary>
internal sealed class StarFixture(DataConnection db)
{
    private static readonly DateTime Open = new(9999, 12, 31);

    public static int DateKey(DateTime at) => at.Year * 10000 + at.Month * 100 + at.Day;

    public async Task CustomerAsync(int key, string customerId, string segment, string region = "North", DateTime? validFrom = null, DateTime? validTo = null)
    {
        await db.InsertAsync(new DimCustomer
        {
            CustomerKey = key, CustomerId = customerId, Segment = segment, Region = region, Country = "US", SourceSystem = "test",
            ValidFrom = validFrom ?? new DateTime(2020, 1, 1), ValidTo = validTo ?? Open, IsCurrent = validTo is null,
        });
    }

    public async Task CampaignAsync(int key, string name)
    {
        await db.InsertAsync(new DimCampaign { CampaignKey = key, CampaignId = name.ToLowerInvariant(), CampaignName = name, MarketingChannel = "paid_search" });
    }

    /// <summary>An order line whose net amount in the reporting currency is given.</summary>
    public async Task OrderLineAsync(string orderId, int line, DateTime orderedAt, int customerKey, decimal netReporting,
        string channel = "web", int campaignKey = -1, bool cancelled = false, decimal refund = 0m)
    {
        await db.InsertAsync(new FactOrderLine
        {
            OrderLineId = $"{orderId}-{line}", OrderId = orderId, OrderDateKey = DateKey(orderedAt), OrderedAt = orderedAt,
            CustomerKey = customerKey, ProductKey = -1, ChannelKey = ChannelKey(channel), CampaignKey = campaignKey, CurrencyKey = -1,
            Quantity = 1, GrossAmount = netReporting + refund, RefundAmount = refund, NetAmount = netReporting, NetAmountReporting = netReporting,
            IsCancelled = cancelled, SourceSystem = "test",
        });
    }

    public async Task SessionAsync(string id, DateTime startedAt, int pageViews, bool converted = false, bool direct = false,
        string channel = "web", int campaignKey = -1, int customerKey = -1, params string[] goals)
    {
        await db.InsertAsync(new FactWebSession
        {
            SessionId = id, SessionDateKey = DateKey(startedAt), StartedAt = startedAt, CustomerKey = customerKey, ChannelKey = ChannelKey(channel),
            CampaignKey = campaignKey, TrafficSource = direct ? "(direct)" : "google", TrafficMedium = direct ? "(none)" : "organic",
            PageViews = pageViews, IsEngaged = pageViews > 1, IsDirect = direct, KeyEventCount = goals.Length,
            TransactionId = converted ? "o-" + id : null, IsConverted = converted,
        });
        foreach (var goal in goals)
        {
            await db.InsertAsync(new FactSessionGoal { SessionId = id, GoalName = goal, SessionDateKey = DateKey(startedAt), ChannelKey = ChannelKey(channel), CampaignKey = campaignKey });
        }
    }

    public async Task CheckoutAsync(string id, DateTime createdAt, DateTime? completedAt, int items = 1, int customerKey = -1)
    {
        await db.InsertAsync(new FactCheckout
        {
            CheckoutId = id, CreatedAt = createdAt, CreatedDateKey = DateKey(createdAt), CompletedAt = completedAt,
            CompletedDateKey = completedAt is null ? -1 : DateKey(completedAt.Value), CustomerKey = customerKey, ChannelKey = ChannelKey("web"),
            CampaignKey = -1, CurrencyKey = -1, ItemCount = items, SubtotalAmount = 10m, SubtotalAmountReporting = 10m,
        });
    }

    public async Task SpendAsync(int campaignKey, DateTime day, decimal amount)
    {
        await db.InsertAsync(new FactCampaignSpend
        {
            CampaignKey = campaignKey, SpendDateKey = DateKey(day), ReportedChannel = "paid_search", ChannelKey = ChannelKey("web"), CurrencyKey = -1, Spend = amount, SpendReporting = amount, Impressions = 1000, Clicks = 10,
        });
    }

    public bool Refreshed { get; private set; }

    /// <summary>Rebuilds the derived facts (orders, attribution, customer months) whole, as a source run's refresh does the first time.</summary>
    public async Task RefreshDerivedFactsAsync(Warehouse.Engines.SqlDialect dialect, WarehouseSettings settings)
    {
        Refreshed = true;
        var context = new Warehouse.Etl.Transforms.TransformContext(dialect, settings);
        foreach (var statement in Warehouse.Etl.Transforms.DerivedFacts.Steps.SelectMany(s => s.Statements(context)))
        {
            await db.ExecuteAsync(statement);
        }

        await WriteKpiValuesAsync(dialect, settings);
    }

    /// <summary>kpi.kpi_value computed whole from the views, as the KPI refresh does after the derived facts.</summary>
    public async Task WriteKpiValuesAsync(Warehouse.Engines.SqlDialect dialect, WarehouseSettings settings) =>
        await Warehouse.Kpis.KpiValues.RefreshAsync(db, new Warehouse.Kpis.KpiContext(dialect, settings), loads: null, default);

    private static int ChannelKey(string code) => Warehouse.Deployment.ChannelCatalogue.All.Single(c => c.Code == code).Key;
}
