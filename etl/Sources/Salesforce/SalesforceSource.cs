using System.Net.Http.Headers;
using Warehouse.Etl.Http;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Transforms;

namespace Warehouse.Etl.Sources.Salesforce;

/// <summary>The CRM source in the Salesforce REST API shapes: users, accounts, campaigns, leads, contacts, opportunities and their stage history.</summary>
public sealed class SalesforceSource : ISource
{
    private readonly HttpClient http;

    public static SourceModule Module { get; } = new(SourceNames.Salesforce, SalesforceTransform.Steps, (instance, settings, _) => new SalesforceSource(settings, instance))
    {
        Simulator = () => new SalesforceSimulator(),
        OffUntilConfigured = true,
    };

    public SalesforceSource(SourceSettings settings, SourceInstance? instance = null)
    {
        Instance = instance ?? SourceInstance.Default(SourceNames.Salesforce);
        Lookback = settings.Lookback;
        if (string.IsNullOrWhiteSpace(settings.BaseUrl)) throw new InvalidOperationException($"{Instance.SettingKey("BaseUrl")} is not set: the org's instance URL (https://MyDomainName.my.salesforce.com/).");
        if (string.IsNullOrWhiteSpace(settings.Token)) throw new InvalidOperationException($"{Instance.SettingKey("Token")} is not set: an OAuth access token of a connected app with the api scope.");
        if (settings.ApiReserve is < 0 or >= 1) throw new InvalidOperationException($"{Instance.SettingKey("ApiReserve")} must be at least 0 and below 1 (a share of the daily API requests), not {settings.ApiReserve}.");
        http = SourceHttpClient.Create(Instance.Key, new Uri(settings.BaseUrl.TrimEnd('/') + "/"), settings.Http,
            client => client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token));
        var api = new SalesforceApi(http, settings.Http, settings.ApiReserve, settings.ApiSlowDown);
        var bulk = settings.BulkThreshold;
        // Users first (owners), accounts and campaigns, then leads before opportunities: a converted lead links the
        // opportunity it became, and an opportunity finds its campaign.
        Streams =
        [
            new SalesforceUsersStream(api, bulk),
            new SalesforceAccountsStream(api, bulk),
            new SalesforceCampaignsStream(api, bulk),
            new SalesforceLeadsStream(api, bulk),
            new SalesforceContactsStream(api, bulk),
            new SalesforceOpportunitiesStream(api, bulk),
            new SalesforceOpportunityHistoryStream(api, bulk),
        ];
        Reconciled = SalesforceReconciliation.Objects(api, Instance);
    }

    public SourceInstance Instance { get; }

    public TimeSpan Lookback { get; }

    public IReadOnlyList<ISourceStream> Streams { get; }

    public IReadOnlyList<TransformStep> Transform => SalesforceTransform.Steps;

    public IReadOnlyList<Reconciliation.ReconciledObject> Reconciled { get; }

    public void Dispose() => http.Dispose();
}
