using Warehouse.Engines;
using Warehouse.Etl.Landing;
using Warehouse.Schema.Stg;

namespace Warehouse.Etl.Sources.Files;

/// <summary>
/// Survey answers (NPS, CSAT, CES, PMF, eNPS) exported by the survey tool, one row per answer with its
/// response id. A blank score, or one of the not-applicable codes (<c>Sources:Files:surveys:NotApplicable</c>)
/// outside the survey's scale, is a skipped question: landed without a score and counted as skipped beside the
/// KPI. Any other score outside the survey's own scale, an unknown type or a PMF answer that is not one of its
/// three choices is quarantined. PMF choices are accepted in the words people are shown ("Very disappointed")
/// in any case, with spaces, hyphens or underscores; a PMF row has no numeric scale. Employee (eNPS) answers keep
/// department and location only: any identity in the row is dropped on the way in.
/// </summary>
public sealed class SurveysStream(DropFolder folder, WarehouseDatabase database, DropStreamSettings settings) : DropFolderStream<StgSurveyAnswer>(folder, database, settings)
{
    private static readonly string[] Types = ["NPS", "CSAT", "CES", "PMF", "ENPS"];
    private static readonly string[] PmfChoices = ["very_disappointed", "somewhat_disappointed", "not_disappointed"];
    private static readonly string[] Touchpoints = ["after_purchase", "after_ticket", "relationship", "employee"];

    public override string Name => "surveys";

    protected override IReadOnlyList<string> RequiredColumns { get; } = ["response_id", "survey_id", "survey_type", "submitted_at"];

    public override IEnumerable<StgSurveyAnswer> Map(SourceRecord record, StreamContext context)
    {
        var json = record.Json;
        var type = json.RequiredString("survey_type").ToUpperInvariant();
        if (!Types.Contains(type)) throw new RecordRejectedException($"unknown survey type '{type}' (NPS, CSAT, CES, PMF or ENPS)");
        var touchpoint = (json.OptionalString("touchpoint", 30) ?? (type == "ENPS" ? "employee" : "relationship")).ToLowerInvariant();
        if (!Touchpoints.Contains(touchpoint)) throw new RecordRejectedException($"unknown touchpoint '{touchpoint}'");
        int min = 0, max = 0;
        decimal? score = null;
        string? choice = null;
        if (type == "PMF")
        {
            // No numeric scale: the answer is one of three choices, blank when the question was skipped.
            var text = json.OptionalString("choice", 50);
            choice = text is null ? null : PmfChoice(text) ?? throw new RecordRejectedException(
                $"PMF choice '{text}' is not one of Very disappointed, Somewhat disappointed, Not disappointed");
        }
        else
        {
            min = json.OptionalInt("scale_min") ?? throw new RecordRejectedException($"missing number 'scale_min' (required for {type})");
            max = json.OptionalInt("scale_max") ?? throw new RecordRejectedException($"missing number 'scale_max' (required for {type})");
            score = Score(json, min, max);
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
            ResponseId = context.Id(json.RequiredId("response_id")),
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
            SourceRow = ReadOrderOf(record),
        };
    }

    /// <summary>The score, or null for a skipped question: a blank, or a not-applicable code outside the scale.</summary>
    private decimal? Score(System.Text.Json.JsonElement json, int min, int max)
    {
        var text = json.OptionalString("score", 50)?.Trim();
        if (text is null) return null;
        var notApplicable = Settings.NotApplicable.Any(code => string.Equals(code.Trim(), text, StringComparison.OrdinalIgnoreCase));
        if (!decimal.TryParse(text, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var score))
        {
            return notApplicable ? null : throw new RecordRejectedException($"wrong type for 'score': expected a number, found '{text}'");
        }

        if (score >= min && score <= max) return score;
        return notApplicable ? null : throw new RecordRejectedException($"score {score} outside the survey's scale {min}–{max}");
    }

    /// <summary>"Very disappointed", "VERY_DISAPPOINTED", "very-disappointed" → very_disappointed; null when not a PMF choice.</summary>
    private static string? PmfChoice(string text)
    {
        var words = text.Trim().ToLowerInvariant().Split([' ', '_', '-', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var code = string.Join('_', words);
        return PmfChoices.Contains(code) ? code : null;
    }
}
