using Warehouse.Schema.Dw;

namespace Warehouse.Etl.Transforms;

/// <summary>
/// Campaigns named in UTM parameters before the spend files describe them become inferred members,
/// keyed by the lower-cased campaign id, so facts can point at them at once.
/// </summary>
public static class CampaignDimension
{
    /// <param name="touches">A query returning campaign, utm_source, utm_medium and load_id.</param>
    public static string AddFromUtm(TransformContext k, string touches) => InsertByName.Into<DimCampaign>($"""
        SELECT m.max_key + ROW_NUMBER() OVER (ORDER BY t.campaign_id) AS campaign_key, t.campaign_id AS campaign_id, t.campaign_name AS campaign_name, COALESCE(t.utm_medium, 'Unknown') AS marketing_channel, t.utm_source AS utm_source, t.utm_medium AS utm_medium, {k.True} AS is_inferred, t.load_id AS load_id
        FROM (
            SELECT LOWER(campaign) AS campaign_id, MIN(campaign) AS campaign_name, MIN(utm_source) AS utm_source, MIN(utm_medium) AS utm_medium, MAX(load_id) AS load_id
            FROM ({touches}) x WHERE campaign IS NOT NULL GROUP BY LOWER(campaign)
        ) t
        CROSS JOIN {SurrogateKeys.MaxKey("dw.dim_campaign", "campaign_key")} m
        WHERE NOT EXISTS (SELECT 1 FROM dw.dim_campaign c WHERE c.campaign_id = t.campaign_id)
        """);

    /// <summary>Join condition from a campaign name in a staging row to its member.</summary>
    public static string Match(string alias, string campaign) => $"{alias}.campaign_id = LOWER({campaign})";
}
