using System.Text.Json;
using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>Shopify customers; the segment is the first tag that names one of the configured segments.</summary>
internal sealed class ShopifyCustomersStream(ShopifyApi api, IReadOnlyList<string> segmentTags) : ShopifyStream<StgShopifyCustomer>(api)
{
    public override string Name => "customers";

    protected override string Resource => "customers";

    public override IEnumerable<StgShopifyCustomer> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var id = context.Id(json.RequiredId("id"));
        var email = json.OptionalString("email", 320);
        var address = json.Property("default_address");
        yield return new StgShopifyCustomer
        {
            LoadId = context.LoadId,
            CustomerId = id,
            CustomerNk = CustomerIdentity.Of(email, "shopify", id)!,
            EmailHash = CustomerIdentity.Hash(email),
            Email = context.Settings.StoreEmail ? CustomerIdentity.Normalize(email) : null,
            CustomerName = context.Settings.StoreCustomerName ? FullName(json) : null,
            Segment = Segment(json.OptionalString("tags")),
            Country = address.OptionalString("country"),
            Region = address.OptionalString("province") ?? address.OptionalString("country"),
            City = address.OptionalString("city"),
            State = json.OptionalString("state"),
            CreatedAt = json.RequiredTimestamp("created_at"),
            UpdatedAt = json.RequiredTimestamp("updated_at"),
        };
    }

    /// <summary>"first last" from Shopify's first_name and last_name; null when both are blank.</summary>
    private static string? FullName(JsonElement json)
    {
        var name = string.Join(' ', new[] { json.OptionalString("first_name", 100), json.OptionalString("last_name", 100) }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
        return name.Length == 0 ? null : name;
    }

    private string Segment(string? tags)
    {
        var own = (tags ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return segmentTags.FirstOrDefault(s => own.Contains(s, StringComparer.OrdinalIgnoreCase)) ?? "standard";
    }
}
