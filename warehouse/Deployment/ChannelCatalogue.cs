using Warehouse.Schema.Dw;

namespace Warehouse.Deployment;

/// <summary>The conformed channels of the KPI spec; sources map their own channel names onto these codes.</summary>
public static class ChannelCatalogue
{
    public static readonly IReadOnlyList<(int Key, string Code, string Name)> All =
    [
        (1, "web", "Web"),
        (2, "mobile_app", "Mobile app"),
        (3, "email", "Email"),
        (4, "sms", "SMS"),
        (5, "phone", "Phone"),
        (6, "chat", "Chat"),
        (7, "social", "Social"),
        (8, "store", "Store"),
        (9, "api", "API"),
        (10, "other", "Other"),
    ];

    internal static IEnumerable<DimChannel> Rows => All.Select(c => new DimChannel { ChannelKey = c.Key, ChannelCode = c.Code, ChannelName = c.Name });
}
