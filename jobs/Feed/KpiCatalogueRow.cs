using LinqToDB.Mapping;

namespace Warehouse.Jobs.Feed;

/// <summary>A row of kpi.kpi_catalogue: what a KPI means and how it is computed.</summary>
[Table(Schema = "kpi", Name = "kpi_catalogue")]
public sealed class KpiCatalogueRow
{
    [Column("kpi_code")] public string KpiCode { get; set; } = "";
    [Column("kpi_name")] public string KpiName { get; set; } = "";
    [Column("description")] public string Description { get; set; } = "";
    // The names and descriptions in the catalogue's other languages (KpiCatalogue.TranslatedLanguages), for BI tools in Russian and Persian.
    [Column("kpi_name_ru")] public string KpiNameRu { get; set; } = "";
    [Column("description_ru")] public string DescriptionRu { get; set; } = "";
    [Column("kpi_name_fa")] public string KpiNameFa { get; set; } = "";
    [Column("description_fa")] public string DescriptionFa { get; set; } = "";
    [Column("area")] public string Area { get; set; } = "";
    [Column("unit")] public string Unit { get; set; } = "";
    [Column("direction")] public string Direction { get; set; } = "";
    [Column("numerator_definition")] public string NumeratorDefinition { get; set; } = "";
    [Column("denominator_definition")] public string DenominatorDefinition { get; set; } = "";
    [Column("slices")] public string Slices { get; set; } = "";
    [Column("facts")] public string Facts { get; set; } = "";
    [Column("variant")] public string Variant { get; set; } = "";
}
