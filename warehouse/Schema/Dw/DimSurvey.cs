using LinqToDB.Mapping;

namespace Warehouse.Schema.Dw;

/// <summary>Survey with its type, scale, direction and touchpoint.</summary>
[Table(Schema = Areas.Dw, Name = "dim_survey")]
public sealed class DimSurvey
{
    [Column("survey_key", CanBeNull = false), PrimaryKey]
    public int SurveyKey { get; set; }

    [Column("survey_id", Length = 100, CanBeNull = false)]
    public string SurveyId { get; set; } = "";

    [Column("survey_name", Length = 200, CanBeNull = false)]
    public string SurveyName { get; set; } = "";

    [Column("survey_type", Length = 10, CanBeNull = false)]
    public string SurveyType { get; set; } = "";

    [Column("scale_min", CanBeNull = false)]
    public int ScaleMin { get; set; }

    [Column("scale_max", CanBeNull = false)]
    public int ScaleMax { get; set; }

    [Column("higher_is_better", CanBeNull = false)]
    public bool HigherIsBetter { get; set; }

    [Column("touchpoint", Length = 30, CanBeNull = false)]
    public string Touchpoint { get; set; } = "";

    [Column("is_inferred", CanBeNull = false)]
    public bool IsInferred { get; set; }

    [Column("load_id", CanBeNull = false)]
    public long LoadId { get; set; }
}
