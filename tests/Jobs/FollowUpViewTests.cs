using LinqToDB;
using LinqToDB.Data;
using Warehouse.Engines;
using Warehouse.Schema.Dw;
using Warehouse.Tests.Kpis;

namespace Warehouse.Tests.Jobs;

public sealed class FollowUpViewTests(EngineKind engine) : KpiTestBase(engine)
{
    [Test]
    public async Task Detractors_and_unsatisfied_answers_after_a_purchase_or_a_ticket_are_listed_with_their_owner()
    {
        var recent = DateTime.UtcNow.AddDays(-2);
        await ArrangeAsync(async f =>
        {
            await f.CustomerAsync(1, "c1", "retail");
        });
        await using (var db = Database.Open())
        {
            await db.InsertAsync(new DimAgent { AgentKey = 5, AgentId = "hubspot:1", SourceSystem = "hubspot", AgentName = "Olga", Team = "Inbound", Role = "sales", ValidFrom = new DateTime(2000, 1, 1), ValidTo = new DateTime(9999, 12, 31), IsCurrent = true });
            await db.InsertAsync(new DimAgent { AgentKey = 6, AgentId = "zendesk:1", SourceSystem = "zendesk", AgentName = "Ana", Team = "Tier 1", Role = "agent", ValidFrom = new DateTime(2000, 1, 1), ValidTo = new DateTime(9999, 12, 31), IsCurrent = true });
            await db.InsertAsync(new FactLeadFunnel { LeadId = "L1", CustomerKey = 1, LeadSourceKey = -1, CampaignKey = -1, OwnerAgentKey = 5, LeadCreatedAt = recent.AddDays(-100), LeadDateKey = -1 });
            await db.InsertAsync(new FactTicket { TicketId = "t1", CreatedAt = recent, CreatedDateKey = -1, SolvedDateKey = -1, ChannelKey = -1, TicketAttributeKey = -1, CustomerKey = 1, AgentKey = 6 });
            await db.InsertAsync(new DimSurvey { SurveyKey = 1, SurveyId = "nps_buy", SurveyName = "nps_buy", SurveyType = "NPS", ScaleMin = 0, ScaleMax = 10, HigherIsBetter = true, Touchpoint = "after_purchase" });
            await db.InsertAsync(new DimSurvey { SurveyKey = 2, SurveyId = "csat", SurveyName = "csat", SurveyType = "CSAT", ScaleMin = 1, ScaleMax = 5, HigherIsBetter = true, Touchpoint = "after_ticket" });
            await db.InsertAsync(new DimSurvey { SurveyKey = 3, SurveyId = "nps_rel", SurveyName = "nps_rel", SurveyType = "NPS", ScaleMin = 0, ScaleMax = 10, HigherIsBetter = true, Touchpoint = "relationship" });
            async Task AnswerAsync(string id, int survey, decimal score, DateTime at, string? order = null, string? ticket = null) =>
                await db.InsertAsync(new FactSurveyResponse { ResponseId = id, SurveyKey = survey, SubmittedAt = at, SubmittedDateKey = -1, CustomerKey = 1, EmployeeGroupKey = -1, ChannelKey = -1, OrderId = order, TicketId = ticket, Score = score, Comment = "comment " + id });
            await AnswerAsync("r1", 1, 3, recent, order: "o1");            // detractor after a purchase: listed, CRM owner
            await AnswerAsync("r2", 1, 9, recent, order: "o2");            // promoter
            await AnswerAsync("r3", 2, 3, recent, ticket: "t1");           // CSAT 3 of 5: unsatisfied, the ticket's agent
            await AnswerAsync("r4", 3, 2, recent);                         // relationship survey: not a follow-up
            await AnswerAsync("r5", 1, 1, recent.AddDays(-60), order: "o3"); // older than 30 days
            await db.InsertAsync(new FactSatisfactionRating { RatingId = "b1", TicketId = "t1", RatedAt = recent, RatedDateKey = -1, Score = "bad", CustomerKey = 1, AgentKey = 6, ChannelKey = -1, Comment = "slow" });
        }

        await using var read = Database.Open();
        var rows = await read.QueryToListAsync(r => $"{r.GetString(0)}|{(r.IsDBNull(1) ? "" : r.GetString(1))}|{(r.IsDBNull(2) ? "" : r.GetString(2))}|{r.GetString(3)}",
            "SELECT answer_type, order_id, ticket_id, owner FROM exec.follow_up ORDER BY answer_type");
        Assert.That(rows, Is.EqualTo(new[] { "CSAT||t1|Ana", "NPS|o1||Olga", "RATING||t1|Ana" }));
    }
}
