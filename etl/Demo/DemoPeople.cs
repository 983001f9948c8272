namespace Warehouse.Etl.Demo;

/// <summary>A person of the demo world: the same person shops, asks for help and is a CRM contact.</summary>
internal sealed record DemoPerson(long ShopifyId, string Email, string FirstName, string LastName, string Segment, string Country, string Province, string City, DateTime Since)
{
    /// <summary>The e-mail as another source writes it: some differ only in letter case and surrounding spaces.</summary>
    public string EmailAsTypedElsewhere(Random random) => random.NextDouble() < 0.1 ? " " + char.ToUpperInvariant(Email[0]) + Email[1..] + " " : Email;
}

/// <summary>Names, places and campaigns the generator draws from.</summary>
internal static class DemoCatalogue
{
    public static readonly string[] FirstNames = ["Ana", "Ben", "Chloe", "David", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jon", "Kira", "Liam", "Mia", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara"];
    public static readonly string[] LastNames = ["Smith", "Garcia", "Müller", "Rossi", "Dubois", "Kowalski", "Nguyen", "Brown", "Silva", "Okafor", "Larsen", "Tanaka"];
    public static readonly (string Country, string Province, string City)[] Places =
    [
        ("United States", "New York", "New York"), ("United States", "California", "San Francisco"), ("United States", "Texas", "Austin"),
        ("Canada", "Ontario", "Toronto"), ("United Kingdom", "England", "London"), ("Germany", "Berlin", "Berlin"), ("France", "Île-de-France", "Paris"),
    ];

    public static readonly string[] Categories = ["Kitchen", "Outdoor", "Apparel", "Electronics", "Home", "Beauty"];

    /// <summary>Campaigns shared by the spend files, UTM parameters and the CRM.</summary>
    public static readonly (string Id, string Name, string Channel, string Source, string Medium)[] Campaigns =
    [
        ("spring_sale", "Spring Sale", "paid_search", "google", "cpc"),
        ("summer_social", "Summer Social", "paid_social", "facebook", "paid_social"),
        ("newsletter_monthly", "Monthly Newsletter", "email", "newsletter", "email"),
        ("brand_search", "Brand Search", "paid_search", "google", "cpc"),
        ("retargeting", "Retargeting", "display", "criteo", "display"),
        ("black_friday", "Black Friday", "paid_social", "instagram", "paid_social"),
        ("back_to_school", "Back to School", "paid_search", "bing", "cpc"),
        ("loyalty_email", "Loyalty Email", "email", "newsletter", "email"),
        ("video_awareness", "Video Awareness", "display", "youtube", "display"),
        ("influencer_q2", "Influencer Q2", "paid_social", "tiktok", "paid_social"),
        ("holiday_gifts", "Holiday Gifts", "paid_search", "google", "cpc"),
        ("partner_referral", "Partner Referral", "display", "partner", "referral"),
    ];
}
