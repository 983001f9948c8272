using System.Text.Json;
using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Shopify;

/// <summary>Shopify customers; the segment is the first tag that names one of the configured segments.</summary>
internal sealed class ShopifyCustomersStream(ShopifyApis apis, IReadOnlyList<string> segmentTags) : ShopifyStream<StgShopifyCustomer>(apis)
{
    public override string Name => "customers";

    protected override string Resource => "customers";

    // shopify.dev/docs/api/admin-graphql/2026-07/objects/Customer: tags is a list, state an enum (ENABLED).
    public static ShopifyGraphQlQuery Query { get; } = new("customers",
        "id email firstName lastName tags state createdAt updatedAt defaultAddress { country province city }", []);

    protected override ShopifyGraphQlQuery GraphQl => Query;

    protected override IEnumerable<StgShopifyCustomer> MapRest(JsonElement json, StreamContext context)
    {
        yield return Row(json.RequiredId("id"), json.OptionalString("email", 320), json.OptionalString("first_name", 100), json.OptionalString("last_name", 100),
            (json.OptionalString("tags") ?? "").Split(','), json.Property("default_address"), json.OptionalString("state"),
            json.RequiredTimestamp("created_at"), json.RequiredTimestamp("updated_at"), context);
    }

    protected override IEnumerable<StgShopifyCustomer> MapGraphQl(JsonElement json, StreamContext context)
    {
        yield return Row(Gid(json, "id")!, json.OptionalString("email", 320), json.OptionalString("firstName", 100), json.OptionalString("lastName", 100),
            json.Array("tags").Select(t => t.GetString() ?? ""), json.Property("defaultAddress"), json.OptionalString("state")?.ToLowerInvariant(),
            json.RequiredTimestamp("createdAt"), json.RequiredTimestamp("updatedAt"), context);
    }

    // The address object has the same field names in both APIs (country, province, city).
    private StgShopifyCustomer Row(string rawId, string? email, string? firstName, string? lastName, IEnumerable<string> tags, JsonElement address,
        string? state, DateTime createdAt, DateTime updatedAt, StreamContext context)
    {
        var id = context.Id(rawId);
        return new StgShopifyCustomer
        {
            LoadId = context.LoadId,
            CustomerId = id,
            CustomerNk = CustomerIdentity.Of(email, "shopify", id)!,
            EmailHash = CustomerIdentity.Hash(email),
            Email = context.Settings.StoreEmail ? CustomerIdentity.Normalize(email) : null,
            CustomerName = context.Settings.StoreCustomerName ? FullName(firstName, lastName) : null,
            Segment = Segment(tags),
            Country = address.OptionalString("country"),
            Region = address.OptionalString("province") ?? address.OptionalString("country"),
            City = address.OptionalString("city"),
            State = state,
            CreatedAt = createdAt,
            UpdatedAt = updatedAt,
        };
    }

    /// <summary>"first last" from Shopify's first_name and last_name; null when both are blank.</summary>
    private static string? FullName(string? first, string? last)
    {
        var name = string.Join(' ', new[] { first, last }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
        return name.Length == 0 ? null : name;
    }

    private string Segment(IEnumerable<string> tags)
    {
        var own = tags.Select(t => t.Trim()).Where(t => t.Length > 0).ToList();
        return segmentTags.FirstOrDefault(s => own.Contains(s, StringComparer.OrdinalIgnoreCase)) ?? "standard";
    }
}
