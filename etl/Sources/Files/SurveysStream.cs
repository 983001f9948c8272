using Warehouse.Engines;
using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Files;

/// <summary>
/// Survey answers (NPS, CSAT, CES, PMF, eNPS) exported by the survey tool, one row per answer with its
/// response id. A score outside the survey's own scale, an unknown type or a PMF answer without a known
/// choice is quarantined. Employee (eNPS) answers keep department and location only: any identity in the
/// row is dropped on the way in.
/// </summary>
public sealed class SurveysStream(string root, WarehouseDatabase database) : DropFolderStream<StgSurveyAnswer>(root, database)
{
    private static readonly string[] Types = ["NPS", "CSAT", "CES", "PMF", "ENPS"];
    private static readonly string[] PmfChoices = ["very_disappointed", "somewhat_disappointed", "not_disappointed"];
    private static readonly string[] Touchpoints = ["after_purchase", "after_ticket", "relationship", "employee"];

    public override string Name => "surveys";

    protected override IReadOnlyList<string> RequiredColumns { get; } = ["response_id", "survey_id", "survey_type", "scale_min", "scale_max", "submitted_at"];

    public override IEnumerable<StgSurveyAnswer> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var type = json.RequiredString("survey_type").ToUpperInvariant();
        if (!Types.Contains(type)) throw new RecordRejectedException($"unknown survey type '{type}' (NPS, CSAT, CES, PMF or ENPS)");
        var touchpoint = (json.OptionalString("touchpoint", 30) ?? (type == "ENPS" ? "employee" : "relationship")).ToLowerInvariant();
        if (!Touchpoints.Contains(touchpoint)) throw new RecordRejectedException($"unknown touchpoint '{touchpoint}'");
        var min = json.RequiredInt("scale_min");
        var max = json.RequiredInt("scale_max");
        var score = json.OptionalDecimal("score");
        var choice = json.OptionalString("choice", 50)?.ToLowerInvariant();
        if (type == "PMF")
        {
            if (choice is null || !PmfChoices.Contains(choice)) throw new RecordRejectedException($"PMF answer without a known choice: '{choice}'");
        }
        else
        {
            if (score is null) throw new RecordRejectedException("missing score");
            if (score < min || score > max) throw new RecordRejectedException($"score {score} outside the survey's scale {min}–{max}");
        }

        var employee = type == "ENPS";
        if (employee && (json.OptionalString("department", 100) is null || json.OptionalString("location", 100) is null))
        {
            throw new RecordRejectedException("employee answer without department and location");
        }

        var submittedAt = json.RequiredTimestamp("submitted_at");
        yield return new StgSurveyAnswer
        {
            LoadId = context.LoadId,
            ResponseId = json.RequiredId("response_id"),
            SurveyId = json.RequiredString("survey_id"),
            SurveyType = type,
            ScaleMin = min,
            ScaleMax = max,
            Touchpoint = touchpoint,
            CustomerNk = employee ? null : CustomerIdentity.Hash(json.OptionalString("respondent_email", 320)),
            OrderId = employee ? null : json.OptionalId("order_id"),
            TicketId = employee ? null : json.OptionalId("ticket_id"),
            Score = score,
            Choice = choice,
            Comment = employee ? null : json.OptionalString("comment", 4000),
            SubmittedAt = submittedAt,
            SubmittedDateKey = context.Settings.DateKeyOf(submittedAt),
            Department = employee ? json.OptionalString("department", 100) : null,
            Location = employee ? json.OptionalString("location", 100) : null,
            Channel = json.OptionalString("channel", 30)?.ToLowerInvariant(),
        };
    }
}
