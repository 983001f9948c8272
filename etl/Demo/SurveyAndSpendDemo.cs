namespace Warehouse.Etl.Demo;

/// <summary>
/// File drops: survey answers (NPS after purchase and relational, CSAT and CES after a ticket, PMF,
/// eNPS by department and location, a few out of scale) and the daily spend of each campaign.
/// </summary>
internal sealed class SurveyAndSpendDemo(DemoWorld world, DemoOutput output)
{
    private const string SurveyHeader = "response_id,survey_id,survey_type,scale_min,scale_max,touchpoint,respondent_email,order_id,ticket_id,score,choice,comment,submitted_at,department,location,channel";
    private const string SpendHeader = "date,campaign_id,campaign_name,channel,spend,currency,impressions,clicks";
    private static readonly (string Department, string Location, int People)[] Teams =
        [("Support", "Berlin", 14), ("Engineering", "Berlin", 18), ("Sales", "New York", 12), ("Marketing", "New York", 9), ("Finance", "London", 4)];

    private long responses;

    public void Write(CancellationToken ct)
    {
        foreach (var (orderId, person, at) in world.Orders)
        {
            if (world.Random.NextDouble() >= 0.1) continue;
            Answer("nps_purchase", "NPS", 0, 10, "after_purchase", world.People[person].Email, orderId, null, NpsScore(), null, at.AddDays(2), null, null, "email");
        }

        foreach (var (ticketId, person, at) in world.SolvedTickets)
        {
            var roll = world.Random.NextDouble();
            if (roll < 0.3) Answer("csat_ticket", "CSAT", 1, 5, "after_ticket", world.People[person].Email, null, ticketId, 1 + Skewed(5), null, at.AddHours(3), null, null, "email");
            else if (roll < 0.45) Answer("ces_ticket", "CES", 1, 7, "after_ticket", world.People[person].Email, null, ticketId, 1 + Skewed(7), null, at.AddHours(3), null, null, "email");
        }

        for (var quarter = new DateTime(world.Start.Year, 1, 1); quarter < world.End; quarter = quarter.AddMonths(3))
        {
            ct.ThrowIfCancellationRequested();
            var sent = quarter.AddDays(14);
            if (sent > world.End) break;
            foreach (var person in world.People.Where(p => p.Since < sent))
            {
                var roll = world.Random.NextDouble();
                if (roll < 0.08) Answer("nps_relationship", "NPS", 0, 10, "relationship", person.Email, null, null, NpsScore(), null, sent.AddHours(world.Random.Next(200)), null, null, "email");
                else if (roll < 0.11) Answer("pmf", "PMF", 0, 0, "relationship", person.Email, null, null, null, world.Pick(new[] { "very_disappointed", "very_disappointed", "somewhat_disappointed", "not_disappointed" }), sent.AddHours(world.Random.Next(200)), null, null, "email");
            }

            foreach (var (department, location, people) in Teams)
            {
                for (var e = 0; e < people; e++)
                {
                    if (world.Random.NextDouble() < 0.85) Answer("enps", "ENPS", 0, 10, "employee", null, null, null, NpsScore(), null, sent.AddHours(world.Random.Next(100)), department, location, null);
                }
            }
        }

        foreach (var campaign in DemoCatalogue.Campaigns)
        {
            var start = world.RandomTime(world.Start, world.End.AddDays(-120)).Date;
            var end = start.AddDays(60 + world.Random.Next(240));
            for (var day = start; day <= end && day <= world.End; day = day.AddDays(1))
            {
                var spend = campaign.Id == "partner_referral" && day.Day % 7 == 0 ? 0m : Math.Round(50m + (decimal)world.Random.NextDouble() * 450m, 2);
                var impressions = (long)(spend * (800 + world.Random.Next(400)));
                output.Csv("marketing_spend", new DateTime(day.Year, day.Month, 1), SpendHeader,
                    day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), campaign.Id, campaign.Name, campaign.Channel,
                    spend, world.Random.NextDouble() < 0.9 ? "USD" : "EUR", impressions, impressions / (40 + world.Random.Next(60)));
            }
        }
    }

    private void Answer(string survey, string type, int min, int max, string touchpoint, string? email, long? orderId, long? ticketId, int? score, string? choice, DateTime at, string? department, string? location, string? channel)
    {
        if (at > world.End) return;
        // About one answer in five hundred is out of its scale: the warehouse quarantines it.
        if (score is not null && world.Random.NextDouble() < 0.002) score = max + 1;
        var comment = score is not null && score <= (max == 10 ? 6 : 2) && world.Random.NextDouble() < 0.5 ? "Not happy with the experience" : null;
        output.Csv("surveys", new DateTime(at.Year, at.Month, 1), SurveyHeader,
            $"r{++responses}", survey, type, min, max, touchpoint, email, orderId, ticketId, score, choice, comment, at, department, location, channel);
    }

    private int NpsScore()
    {
        var roll = world.Random.NextDouble();
        return roll < 0.5 ? 9 + world.Random.Next(2) : roll < 0.78 ? 7 + world.Random.Next(2) : world.Random.Next(7);
    }

    /// <summary>A score on 0..n-1 leaning to the top of the scale.</summary>
    private int Skewed(int n) => Math.Min(n - 1, (int)(n * Math.Sqrt(world.Random.NextDouble())));
}
