using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using Warehouse.Engines;
using Warehouse.Etl.Pipeline;
using Warehouse.Etl.Sources;
using Warehouse.Etl.Sources.Files;
using Warehouse.Schema.Etl;
using Warehouse.Tests.Kpis;

namespace Warehouse.Tests.Surveys;

/// <summary>Survey answers dropped as a CSV export, loaded by the Files source, and the survey KPIs worked out by hand.</summary>
public sealed class SurveyKpiTests(EngineKind engine) : KpiTestBase(engine)
{
    private static readonly DateOnly March = new(2026, 3, 1);
    private const string Header = "response_id,survey_id,survey_type,scale_min,scale_max,touchpoint,respondent_email,order_id,ticket_id,score,choice,comment,submitted_at,department,location,channel";
    private string root = null!;
    private SourceRunResult result = null!;

    private static IEnumerable<string> Rows()
    {
        var n = 0;
        string Row(string survey, string type, int min, int max, string touchpoint, string? score, string? choice = null, string day = "10", string? department = null, string? location = null) =>
            $"r{++n},{survey},{type},{min},{max},{touchpoint},{(department is null ? $"p{n}@example.com" : "")},,,{score},{choice},,2026-03-{day}T12:00:00Z,{department},{location},email";

        // NPS relational: 10 9 8 7 6 0 10 → 3 promoters, 2 passives, 2 detractors. Transactional: 9 and 3.
        foreach (var s in new[] { "10", "9", "8", "7", "6", "0", "10" }) yield return Row("nps_rel", "NPS", 0, 10, "relationship", s);
        foreach (var s in new[] { "9", "3" }) yield return Row("nps_buy", "NPS", 0, 10, "after_purchase", s);
        // April: only passives.
        yield return Row("nps_rel", "NPS", 0, 10, "relationship", "7").Replace("2026-03-10", "2026-04-10", StringComparison.Ordinal);
        yield return Row("nps_rel", "NPS", 0, 10, "relationship", "8").Replace("2026-03-10", "2026-04-10", StringComparison.Ordinal);
        // Out of scale: quarantined.
        yield return Row("nps_rel", "NPS", 0, 10, "relationship", "11");
        // CSAT 1–5: 5 4 3 1; CSAT 0–5: 4.
        foreach (var s in new[] { "5", "4", "3", "1" }) yield return Row("csat_ticket", "CSAT", 1, 5, "after_ticket", s);
        yield return Row("csat_six", "CSAT", 0, 5, "after_purchase", "4");
        // CES 1–7: 7 6 5 2 3.
        foreach (var s in new[] { "7", "6", "5", "2", "3" }) yield return Row("ces_ticket", "CES", 1, 7, "after_ticket", s);
        // PMF: 2 very, 1 somewhat, 2 not disappointed.
        foreach (var c in new[] { "very_disappointed", "very_disappointed", "somewhat_disappointed", "not_disappointed", "not_disappointed" })
            yield return Row("pmf", "PMF", 0, 0, "relationship", null, c);
        // eNPS: Support/Berlin 10 9 9 4 7 (5 answers); Finance/London 10 10 2 8 (4 answers: suppressed).
        foreach (var s in new[] { "10", "9", "9", "4", "7" }) yield return Row("enps", "ENPS", 0, 10, "employee", s, department: "Support", location: "Berlin");
        foreach (var s in new[] { "10", "10", "2", "8" }) yield return Row("enps", "ENPS", 0, 10, "employee", s, department: "Finance", location: "London");
        // May: PMF in the words people are shown, without a numeric scale: 2 very / 3.
        foreach (var c in new[] { "Very disappointed", "VERY_DISAPPOINTED", " Not  disappointed " })
            yield return $"r{++n},pmf,PMF,,,relationship,p{n}@example.com,,,,{c},,2026-05-10T12:00:00Z,,,email";
        // May: NPS 10, a skipped question (blank) and 3; CSAT 5, a "0" and an "N/A" (not-applicable codes outside 1–5).
        foreach (var s in new[] { "10", "", "3" }) yield return Row("nps_rel", "NPS", 0, 10, "relationship", s).Replace("2026-03-10", "2026-05-10", StringComparison.Ordinal);
        foreach (var s in new[] { "5", "0", "N/A" }) yield return Row("csat_ticket", "CSAT", 1, 5, "after_ticket", s).Replace("2026-03-10", "2026-05-10", StringComparison.Ordinal);
    }

    private static readonly DateOnly May = new(2026, 5, 1);

    [SetUp]
    public async Task LoadAnswersAsync()
    {
        await DeployAsync();
        root = Path.Combine(Path.GetTempPath(), "surveys-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(root, "surveys"));
        await File.WriteAllLinesAsync(Path.Combine(root, "surveys", "answers.csv"), [Header, .. Rows()]);
        var settings = new SourceSettings { Root = root, SettleTime = TimeSpan.Zero, Surveys = new DropStreamSettings { NotApplicable = ["0", "n/a"] } };
        using var source = new FilesSource(settings, Database);
        result = await new SourcePipeline(Database, Settings).RunAsync(source, CancellationToken.None);
    }

    [TearDown]
    public void DeleteDrop() => Directory.Delete(root, recursive: true);

    private async Task<double?> ExtraAsync(string view, string column, string slice = "all", string sliceValue = "All", string period = "2026-03-01")
    {
        var values = await ExtrasAsync(view, column, slice);
        return values.Single(v => v.Period == period && v.Slice == sliceValue).Value;
    }

    private async Task<List<(string Period, string Slice, double? Value)>> ExtrasAsync(string view, string column, string slice)
    {
        await using var db = Database.Open();
        return await db.QueryToListAsync(r => ((r.GetValue(0) is DateOnly d ? d : DateOnly.FromDateTime((DateTime)r.GetValue(0))).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                r.GetString(1), r.IsDBNull(2) ? (double?)null : Convert.ToDouble(r.GetValue(2), System.Globalization.CultureInfo.InvariantCulture)),
            $"SELECT period_start, slice_value, {column} FROM kpi.{view} WHERE grain = 'month' AND slice_name = '{slice}'");
    }

    [Test]
    public async Task An_answer_outside_its_scale_is_quarantined_and_the_rest_loads()
    {
        var surveys = result.Loads.Single(l => l.Stream == "surveys");
        Assert.That((surveys.Read, surveys.Landed, surveys.Quarantined), Is.EqualTo((45L, 44L, 1L)));
        await using var db = Database.Open();
        var quarantined = await db.GetTable<EtlQuarantine>().SingleAsync();
        Assert.That((quarantined.Origin, quarantined.Reason), Is.EqualTo(("answers.csv line 13", "score 11 outside the survey's scale 0–10")));
    }

    [Test]
    public async Task Pmf_answers_in_the_words_people_are_shown_load_without_a_numeric_scale()
    {
        AssertValue(await ValueAsync("pmf", May), 2, 3, 200.0 / 3);
    }

    [Test]
    public async Task A_skipped_question_or_a_not_applicable_code_is_counted_as_skipped_not_quarantined()
    {
        // NPS May: 10 and 3 answered (one promoter, one detractor), the blank skipped. A 0 on 0–10 is a real score (March).
        AssertValue(await ValueAsync("nps", May), 0, 2, 0);
        Assert.That(await ExtraAsync("nps", "skipped", period: "2026-05-01"), Is.EqualTo(1));
        // CSAT May: 5 answered and satisfied; "0" and "N/A" are not-applicable codes outside 1–5.
        AssertValue(await ValueAsync("csat", May), 1, 1, 100);
        Assert.That(await ExtraAsync("csat", "skipped", period: "2026-05-01"), Is.EqualTo(2));
        Assert.That(await ExtraAsync("nps", "skipped"), Is.EqualTo(0), "March has no skipped answers");
    }

    [Test]
    public async Task Nps_is_promoters_minus_detractors_with_relational_and_transactional_apart()
    {
        AssertValue(await ValueAsync("nps", March), 1, 9, 100.0 / 9);
        AssertValue(await ValueAsync("nps", March, "survey_kind", "relational"), 1, 7, 100.0 / 7);
        AssertValue(await ValueAsync("nps", March, "survey_kind", "transactional"), 0, 2, 0);
        Assert.That(await ExtraAsync("nps", "promoters"), Is.EqualTo(4));
        Assert.That(await ExtraAsync("nps", "passives"), Is.EqualTo(2));
        Assert.That(await ExtraAsync("nps", "detractors"), Is.EqualTo(3));
        Assert.That(await ExtraAsync("nps", "is_low_sample"), Is.EqualTo(1));
    }

    [Test]
    public async Task Nps_of_only_passives_is_zero_not_missing()
    {
        AssertValue(await ValueAsync("nps", new DateOnly(2026, 4, 1)), 0, 2, 0);
    }

    [Test]
    public async Task Csat_from_surveys_counts_the_top_two_boxes_of_each_scale()
    {
        // 1–5: 5 and 4 satisfied, 3 and 1 not; 0–5: 4 satisfied. Normalised scores 100, 75, 50, 0 and 80.
        AssertValue(await ValueAsync("csat", March), 3, 5, 60);
        Assert.That(await ExtraAsync("csat", "score_0_100_sum"), Is.EqualTo(305).Within(1e-9));
    }

    [Test]
    public async Task Ces_is_the_mean_score_with_the_easy_answers_beside_it()
    {
        AssertValue(await ValueAsync("ces", March), 23, 5, 4.6);
        Assert.That(await ExtraAsync("ces", "easy_answers"), Is.EqualTo(3));
    }

    [Test]
    public async Task Pmf_is_the_share_of_very_disappointed()
    {
        AssertValue(await ValueAsync("pmf", March), 2, 5, 40);
    }

    [Test]
    public async Task Enps_suppresses_groups_under_five_answers()
    {
        // Support/Berlin: 3 promoters, 1 detractor of 5. All: 5 promoters, 2 detractors of 9. Finance/London (4) shows nothing.
        AssertValue(await ValueAsync("enps", March, "department", "Support"), 2, 5, 40);
        AssertValue(await ValueAsync("enps", March), 3, 9, 100.0 / 3);
        var finance = await ValueAsync("enps", March, "department", "Finance");
        Assert.That((finance.Numerator, finance.Denominator, finance.Value), Is.EqualTo(((double?)null, (double?)null, (double?)null)));
        Assert.That(await ExtraAsync("enps", "promoters", "location", "London"), Is.Null);
    }
}
