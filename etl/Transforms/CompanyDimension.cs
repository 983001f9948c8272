using Warehouse.Schema.Dw;

namespace Warehouse.Etl.Transforms;

/// <summary>
/// dw.dim_company from a CRM's companies: a select of company_id (the source's prefix and id), company_name, domain,
/// is_archived, source_instance and load_id, one row per company. Known companies are updated in place (their key
/// stays), new ones get the next keys.
/// </summary>
public static class CompanyDimension
{
    public static IEnumerable<string> Merge(TransformContext k, string companies) =>
    [
        k.Dialect.UpdateFrom("dw.dim_company", "d", "company_name = s.company_name, domain = s.domain, is_archived = s.is_archived, source_instance = s.source_instance, load_id = s.load_id",
            companies, "s", "d.company_id = s.company_id", "1 = 1"),
        InsertByName.Into<DimCompany>($"""
        SELECT m.max_key + ROW_NUMBER() OVER (ORDER BY s.company_id) AS company_key, s.company_id AS company_id, s.company_name AS company_name, s.domain AS domain, s.is_archived AS is_archived, s.source_instance AS source_instance, s.load_id AS load_id
        FROM ({companies}) s
        CROSS JOIN {SurrogateKeys.MaxKey("dw.dim_company", "company_key")} m
        WHERE NOT EXISTS (SELECT 1 FROM dw.dim_company d WHERE d.company_id = s.company_id)
        """),
    ];
}
