using System.Globalization;
using LinqToDB;
using Warehouse.Etl.Reconciliation;
using Warehouse.Schema.Dw;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>
/// What a shop counts itself, against what the warehouse holds of it:
/// <list type="bullet">
/// <item>Orders created per day. GraphQL: <c>ordersCount(query: "created_at:&gt;='…' created_at:&lt;'…' test:false", limit: null)</c>
/// (queries/ordersCount; no status filter, so open, closed and cancelled orders, as the warehouse holds them), against
/// the warehouse's orders that are not test orders, which no KPI counts. REST: <c>orders/count.json?status=any</c>
/// (status defaults to open there) with <c>created_at_min</c>/<c>created_at_max</c>, which are inclusive, so the upper
/// bound is a second before the next day; REST has no test filter, so test orders are counted on both sides.</item>
/// <item>Customers and products in total (customersCount, productsCount; customers/count.json, products/count.json).</item>
/// </list>
/// </summary>
internal static class ShopifyReconciliation
{
    public static IReadOnlyList<ReconciledObject> Objects(ShopifyApis apis, SourceInstance instance)
    {
        var graphQl = apis.GraphQl;
        var name = instance.Name;
        var prefix = instance.Qualify("");
        return
        [
            new ReconciledObject("orders", "orders")
            {
                CountAsync = graphQl is not null
                    ? (p, ct) => graphQl.CountAsync("ordersCount", $"created_at:>='{Time(p.FromUtc)}' created_at:<'{Time(p.ToUtc)}' test:false", ct)
                    : async (p, ct) => SourceCount.Exact(await apis.Rest!.CountAsync("orders",
                        $"status=any&created_at_min={Uri.EscapeDataString(Time(p.FromUtc))}&created_at_max={Uri.EscapeDataString(Time(p.ToUtc.AddSeconds(-1)))}", ct)),
                Held = db => db.GetTable<FactOrderLine>()
                    .Where(l => l.SourceSystem == "shopify" && l.SourceInstance == name && (graphQl == null || !l.IsTest))
                    .GroupBy(l => l.OrderId)
                    .Select(g => new HeldRecord { DateKey = g.Min(l => l.OrderDateKey), LoadId = g.Max(l => l.LoadId) }),
                CreatedField = graphQl is not null ? "createdAt" : "created_at",
            },
            new ReconciledObject("customers", "customers")
            {
                Whole = true,
                CountAsync = graphQl is not null
                    ? (_, ct) => graphQl.CountAsync("customersCount", null, ct)
                    : async (_, ct) => SourceCount.Exact(await apis.Rest!.CountAsync("customers", "", ct)),
                // The default instance's ids are unqualified: those without "name:" (a string, for the SQL LIKE it becomes).
#pragma warning disable CA1847
                Held = db => db.GetTable<CustomerSourceMap>()
                    .Where(m => m.SourceSystem == "shopify" && (instance.IsDefault ? !m.SourceCustomerId.Contains(":") : m.SourceCustomerId.StartsWith(prefix)))
                    .Select(m => new HeldRecord { DateKey = 0, LoadId = m.LoadId }),
#pragma warning restore CA1847
            },
            new ReconciledObject("products", "products")
            {
                Whole = true,
                CountAsync = graphQl is not null
                    ? (_, ct) => graphQl.CountAsync("productsCount", null, ct)
                    : async (_, ct) => SourceCount.Exact(await apis.Rest!.CountAsync("products", "", ct)),
                Held = db => db.GetTable<DimProduct>()
                    .Where(p => p.IsCurrent && !p.IsInferred && p.SourceInstance == name && p.ParentProductId != null)
                    .GroupBy(p => p.ParentProductId)
                    .Select(g => new HeldRecord { DateKey = 0, LoadId = g.Max(p => p.LoadId) }),
            },
        ];
    }

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
