using Warehouse.Schema.Dw;

namespace Warehouse.Deployment;

/// <summary>
/// The row with key -1 in every dimension: facts whose reference is missing point here rather
/// than being dropped or holding NULL keys.
/// </summary>
internal static class UnknownMembers
{
    public const int Key = -1;
    public const string Label = "Unknown";

    private static readonly DateTime ValidFrom = new(1900, 1, 1);
    private static readonly DateTime ValidTo = new(9999, 12, 31);

    public static DimDate Date => new()
    {
        DateKey = Key, FullDate = new DateOnly(1900, 1, 1), Year = 1900, Quarter = 1, Month = 1, MonthName = Label,
        YearMonth = "1900-01", MonthStart = new DateOnly(1900, 1, 1), WeekStart = new DateOnly(1900, 1, 1), IsoYear = 1900,
        IsoWeek = 1, DayOfMonth = 1, DayOfWeek = 1, DayName = Label, FiscalYear = 1900, FiscalQuarter = 1, FiscalMonth = 1,
        PersianYear = 1900, PersianMonth = 1, PersianMonthName = Label, PersianDay = 1, PersianMonthStart = new DateOnly(1900, 1, 1), PersianFiscalYear = 1900,
    };

    public static DimCustomer Customer => new()
    {
        CustomerKey = Key, CustomerId = Label, Segment = Label, Region = Label, Country = Label, SourceSystem = Label,
        ValidFrom = ValidFrom, ValidTo = ValidTo, IsCurrent = true,
    };

    public static DimProduct Product => new()
    {
        ProductKey = Key, ProductId = Label, ProductName = Label, Category = Label, ValidFrom = ValidFrom, ValidTo = ValidTo, IsCurrent = true,
    };

    public static DimChannel Channel => new() { ChannelKey = Key, ChannelCode = "unknown", ChannelName = Label };

    public static DimCampaign Campaign => new() { CampaignKey = Key, CampaignId = Label, CampaignName = "(none)", MarketingChannel = Label };

    public static DimLeadSource LeadSource => new() { LeadSourceKey = Key, LeadSourceCode = "unknown", LeadSourceName = Label };

    public static DimAgent Agent => new()
    {
        AgentKey = Key, AgentId = Label, SourceSystem = Label, AgentName = "(unassigned)", Team = Label, Role = Label,
        ValidFrom = ValidFrom, ValidTo = ValidTo, IsCurrent = true,
    };

    public static DimTicketAttribute TicketAttribute => new() { TicketAttributeKey = Key, Priority = Label, TicketType = Label, Status = Label };

    public static DimSurvey Survey => new() { SurveyKey = Key, SurveyId = Label, SurveyName = Label, SurveyType = Label, Touchpoint = Label };

    public static DimEmployeeGroup EmployeeGroup => new() { EmployeeGroupKey = Key, Department = Label, Location = Label };

    public static DimCompany Company => new() { CompanyKey = Key, CompanyId = Label, CompanyName = Label };

    public static DimCurrency Currency => new() { CurrencyKey = Key, CurrencyCode = "???", CurrencyName = Label, RateToReporting = 0m };
}
