using System.Globalization;

namespace Warehouse.Etl.Demo;

/// <summary>
/// Generates the deterministic demo data set: a shop's customers, products, orders and checkouts in the
/// Shopify Admin REST shapes, web sessions as a GA4 export, the helpdesk in Zendesk shapes, the CRM in
/// HubSpot CRM v3 shapes, survey answers and marketing spend as file drops. The same people appear in
/// every source. A fixed seed and fixed dates give byte-identical files on every run; records are
/// written as they are made, so the set scales without holding it in memory.
/// </summary>
public static class DemoDataSet
{
    public static async Task<DemoSummary> WriteAsync(string root, DemoOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (Directory.Exists(Path.Combine(root, "api"))) Directory.Delete(Path.Combine(root, "api"), recursive: true);
        await using var output = new DemoOutput(root);
        var world = new DemoWorld(options);
        progress?.Report($"{world.People.Count:N0} people, {world.Products.Count} products, {DemoCatalogue.Campaigns.Length} campaigns");

        new ShopDemo(world, output).Write(cancellationToken);
        progress?.Report($"shop: {output.Counts.GetValueOrDefault("shopify/orders"):N0} orders, {output.Counts.GetValueOrDefault("shopify/checkouts"):N0} checkouts, {output.Counts.GetValueOrDefault("files/web_sessions"):N0} sessions");
        new HelpdeskDemo(world, output).Write(cancellationToken);
        progress?.Report($"helpdesk: {output.Counts.GetValueOrDefault("zendesk/tickets"):N0} tickets, {output.Counts.GetValueOrDefault("zendesk/ticket_audits"):N0} audits");
        new CrmDemo(world, output).Write(cancellationToken);
        new SurveyAndSpendDemo(world, output).Write(cancellationToken);
        progress?.Report($"CRM: {output.Counts.GetValueOrDefault("hubspot/contacts"):N0} contacts; {output.Counts.GetValueOrDefault("files/surveys"):N0} survey answers; {output.Counts.GetValueOrDefault("files/marketing_spend"):N0} spend rows");

        var counts = new SortedDictionary<string, long>(output.Counts.ToDictionary(c => c.Key, c => c.Value), StringComparer.Ordinal);
        return new DemoSummary(counts);
    }
}

/// <summary>The shared cast: people, products, time range, the random source and the orders made so far.</summary>
internal sealed class DemoWorld
{
    public DemoWorld(DemoOptions options)
    {
        Options = options;
        Random = new Random(options.Seed);
        Start = options.FirstDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        End = options.LastDay.ToDateTime(new TimeOnly(23, 59, 59), DateTimeKind.Utc);
        var peopleCount = Math.Max(60, (int)Math.Round(30_000 * options.Scale));
        People = Enumerable.Range(0, peopleCount).Select(MakePerson).ToList();
        Products = Enumerable.Range(0, 50).Select(MakeProduct).ToList();
    }

    public DemoOptions Options { get; }

    public Random Random { get; }

    public DateTime Start { get; }

    public DateTime End { get; }

    public List<DemoPerson> People { get; }

    public List<(long Id, string Title, string Category, (long Id, string Title, decimal Price)[] Variants)> Products { get; }

    /// <summary>Orders placed, for surveys after a purchase: (order id, person index, placed at).</summary>
    public List<(long OrderId, int Person, DateTime At)> Orders { get; } = [];

    /// <summary>Solved tickets, for surveys after a ticket: (ticket id, person index, solved at).</summary>
    public List<(long TicketId, int Person, DateTime At)> SolvedTickets { get; } = [];

    public DateTime RandomTime(DateTime from, DateTime to) => from.AddSeconds(Random.NextDouble() * Math.Max(1, (to - from).TotalSeconds));

    /// <summary>A time of day weighted to working hours.</summary>
    public DateTime DuringDay(DateTime day) => day.Date.AddHours(7 + Random.Next(0, 14)).AddMinutes(Random.Next(60)).AddSeconds(Random.Next(60));

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    private DemoPerson MakePerson(int i)
    {
        var first = DemoCatalogue.FirstNames[i % DemoCatalogue.FirstNames.Length];
        var last = DemoCatalogue.LastNames[(i / DemoCatalogue.FirstNames.Length) % DemoCatalogue.LastNames.Length];
        var place = DemoCatalogue.Places[Random.Next(DemoCatalogue.Places.Length)];
        var roll = Random.NextDouble();
        var segment = roll < 0.12 ? "vip" : roll < 0.2 ? "wholesale" : "retail";
        var since = RandomTime(Start, End.AddDays(-1));
        return new DemoPerson(7_000_000_000 + i, $"{first}.{last}.{i}@example.com".ToLowerInvariant(), first, last, segment, place.Country, place.Province, place.City, since);
    }

    private (long, string, string, (long, string, decimal)[]) MakeProduct(int i)
    {
        var category = DemoCatalogue.Categories[i % DemoCatalogue.Categories.Length];
        var variants = Enumerable.Range(0, 1 + Random.Next(3))
            .Select(v => (40_000_000_000L + i * 10 + v, new[] { "Small", "Medium", "Large" }[v], Math.Round(5m + (decimal)Random.NextDouble() * 145m, 2)))
            .ToArray();
        return (632_900_000 + i, $"{category} item {i + 1}", category, variants);
    }

    public static string Iso(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Shopify writes local shop time with its offset.</summary>
    public static string ShopTime(DateTime utc) => new DateTimeOffset(utc).ToOffset(TimeSpan.FromHours(-5)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
