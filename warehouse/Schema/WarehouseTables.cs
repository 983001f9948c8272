namespace Warehouse.Schema;

/// <summary>
/// Every table of the warehouse, in creation order. This list and the mapped classes are the
/// one schema definition: deploy scripts for every engine are rendered from them.
/// </summary>
public static class WarehouseTables
{
    /// <summary>
    /// Raised whenever a table or column is added; <c>init</c> records it in etl.schema_version.
    /// </summary>
    public const int SchemaVersion = 14;

    public static readonly IReadOnlyList<Type> All =
    [
        typeof(Etl.EtlLoad),
        typeof(Etl.EtlSourceState),
        typeof(Etl.EtlQuarantine),
        typeof(Etl.EtlAlert),
        typeof(Etl.EtlSchemaVersion),
        typeof(Etl.EtlLoadedFile),
        typeof(Etl.EtlRunStep),
        typeof(Etl.EtlRefreshCustomer),
        typeof(Etl.EtlRefreshOrder),
        typeof(Etl.EtlReconciliation),
        typeof(Stg.StgShopifyCustomer),
        typeof(Stg.StgShopifyProductVariant),
        typeof(Stg.StgShopifyOrderLine),
        typeof(Stg.StgShopifyCheckout),
        typeof(Stg.StgWebSession),
        typeof(Stg.StgZendeskTicket),
        typeof(Stg.StgZendeskTicketEvent),
        typeof(Stg.StgZendeskUser),
        typeof(Stg.StgZendeskGroup),
        typeof(Stg.StgZendeskSatisfactionRating),
        typeof(Stg.StgZendeskSlaTarget),
        typeof(Stg.StgSurveyAnswer),
        typeof(Stg.StgMarketingSpend),
        typeof(Stg.StgHubSpotOwner),
        typeof(Stg.StgHubSpotContact),
        typeof(Stg.StgHubSpotDeal),
        typeof(Stg.StgHubSpotCompany),
        typeof(Stg.StgIntercomAdmin),
        typeof(Stg.StgIntercomTeam),
        typeof(Stg.StgIntercomContact),
        typeof(Stg.StgIntercomCompany),
        typeof(Stg.StgIntercomConversation),
        typeof(Stg.StgIntercomConversationPart),
        typeof(Stg.StgSalesforceUser),
        typeof(Stg.StgSalesforceAccount),
        typeof(Stg.StgSalesforceLead),
        typeof(Stg.StgSalesforceContact),
        typeof(Stg.StgSalesforceOpportunity),
        typeof(Stg.StgSalesforceCampaign),
        typeof(Stg.StgSalesforceOpportunityHistory),
        typeof(Dw.DimDate),
        typeof(Dw.BusinessInterval),
        typeof(Dw.DimCustomer),
        typeof(Dw.CustomerSourceMap),
        typeof(Dw.DimProduct),
        typeof(Dw.DimCompany),
        typeof(Dw.DimChannel),
        typeof(Dw.DimCampaign),
        typeof(Dw.CampaignSourceMap),
        typeof(Dw.DimLeadSource),
        typeof(Dw.DimAgent),
        typeof(Dw.DimTicketAttribute),
        typeof(Dw.DimSurvey),
        typeof(Dw.DimEmployeeGroup),
        typeof(Dw.DimCurrency),
        typeof(Dw.KpiTarget),
        typeof(Dw.FactOrderLine),
        typeof(Dw.FactCheckout),
        typeof(Dw.FactWebSession),
        typeof(Dw.FactSessionGoal),
        typeof(Dw.FactTicketEvent),
        typeof(Dw.DimSlaTarget),
        typeof(Dw.SupportGroup),
        typeof(Dw.FactTicket),
        typeof(Dw.FactSatisfactionRating),
        typeof(Dw.FactSurveyResponse),
        typeof(Dw.FactLeadFunnel),
        typeof(Dw.FactOpportunity),
        typeof(Dw.FactOpportunityStage),
        typeof(Dw.FactCampaignSpend),
        typeof(Dw.FactOrder),
        typeof(Dw.FactGoalDay),
        typeof(Dw.FactOrderAttribution),
        typeof(Dw.FactCustomerMonth),
        typeof(Kpi.KpiResult),
        typeof(Kpi.KpiResultExtra),
        typeof(Kpi.KpiRefreshState),
    ];

    /// <summary>Kimball facts: named fact_*, stored as columnstores on SQL Server.</summary>
    public static bool IsFact(string tableName) => tableName.StartsWith("fact_", StringComparison.Ordinal);
}
