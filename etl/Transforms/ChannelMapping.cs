namespace Warehouse.Etl.Transforms;

/// <summary>Maps a source's own channel names onto the conformed channel codes of dw.dim_channel.</summary>
public sealed record ChannelMapping(IReadOnlyDictionary<string, string> Codes, string WhenMissing, string Otherwise)
{
    /// <summary>A CASE expression giving the channel code of <paramref name="column"/>.</summary>
    public string Case(string column)
    {
        var whens = string.Join(" ", Codes.Select(c => $"WHEN '{c.Key}' THEN '{c.Value}'"));
        return $"CASE WHEN {column} IS NULL THEN '{WhenMissing}' ELSE CASE LOWER({column}) {whens} ELSE '{Otherwise}' END END";
    }

    /// <summary>
    /// The channel key for a source column. The code is worked out once per row and each code's key is an
    /// uncorrelated lookup, which the engines compute once per statement: a lookup correlated on the CASE
    /// evaluated the CASE for every channel of every row (a third of the order-line insert on PostgreSQL).
    /// </summary>
    public string Key(string column)
    {
        var codes = Codes.Values.Append(WhenMissing).Append(Otherwise).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var whens = string.Join(" ", codes.Select(c => $"WHEN '{c}' THEN (SELECT ch.channel_key FROM dw.dim_channel ch WHERE ch.channel_code = '{c}')"));
        return $"COALESCE(CASE {Case(column)} {whens} END, -1)";
    }

    public static readonly ChannelMapping Shopify = new(new Dictionary<string, string>
    {
        ["web"] = "web", ["pos"] = "store", ["iphone"] = "mobile_app", ["android"] = "mobile_app", ["mobile_app"] = "mobile_app",
        ["shopify_draft_order"] = "other", ["email"] = "email", ["social"] = "social",
    }, WhenMissing: "web", Otherwise: "other");

    /// <summary>Zendesk's via.channel values.</summary>
    public static readonly ChannelMapping Zendesk = new(new Dictionary<string, string>
    {
        ["email"] = "email", ["web"] = "web", ["web_form"] = "web", ["web_widget"] = "web", ["chat"] = "chat", ["native_messaging"] = "chat",
        ["whatsapp"] = "chat", ["voice"] = "phone", ["phone"] = "phone", ["sms"] = "sms", ["api"] = "api", ["mobile_sdk"] = "mobile_app",
        ["mobile"] = "mobile_app", ["facebook"] = "social", ["twitter"] = "social", ["instagram_dm"] = "social",
    }, WhenMissing: "other", Otherwise: "other");

    /// <summary>Marketing channels of the ad-platform reports.</summary>
    public static readonly ChannelMapping Marketing = new(new Dictionary<string, string>
    {
        ["email"] = "email", ["paid_social"] = "social", ["social"] = "social", ["sms"] = "sms", ["paid_search"] = "web", ["display"] = "web",
    }, WhenMissing: "other", Otherwise: "other");

    /// <summary>GA4 mediums: sessions are on the web unless they came from e-mail, SMS or social.</summary>
    public static readonly ChannelMapping WebMedium = new(new Dictionary<string, string>
    {
        ["email"] = "email", ["newsletter"] = "email", ["sms"] = "sms", ["social"] = "social", ["paid_social"] = "social", ["social_paid"] = "social",
    }, WhenMissing: "web", Otherwise: "web");
}
