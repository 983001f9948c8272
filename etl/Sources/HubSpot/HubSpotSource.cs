using System.Net.Http.Headers;
using Warehouse.Etl.Http;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Transforms;

namespace Warehouse.Etl.Sources.HubSpot;

/// <summary>The CRM source in the HubSpot CRM v3 shapes: owners, contacts and deals.</summary>
public sealed class HubSpotSource : ISource
{
    private readonly HttpClient http;

    public static SourceModule Module { get; } = new(SourceNames.HubSpot, HubSpotTransform.Steps, (instance, settings, _) => new HubSpotSource(settings, instance))
    {
        Simulator = () => new HubSpotSimulator(),
    };

    public HubSpotSource(SourceSettings settings, SourceInstance? instance = null)
    {
        Instance = instance ?? SourceInstance.Default(SourceNames.HubSpot);
        Lookback = settings.Lookback;
        if (string.IsNullOrWhiteSpace(settings.BaseUrl)) throw new InvalidOperationException($"{Instance.SettingKey("BaseUrl")} is not set (https://api.hubapi.com/).");
        http = SourceHttpClient.Create(Instance.Key, new Uri(settings.BaseUrl.TrimEnd('/') + "/"), settings.Http, client =>
        {
            if (!string.IsNullOrEmpty(settings.Token)) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        });
        var api = new HubSpotApi(http, settings.Http);
        // Owners and contacts before deals: deals take their lead source and campaign from the contact's funnel row.
        Streams = [new HubSpotOwnersStream(api), new HubSpotCompaniesStream(api), new HubSpotContactsStream(api), new HubSpotDealsStream(api)];
        Reconciled = HubSpotReconciliation.Objects(api, Instance);
    }

    public SourceInstance Instance { get; }

    public TimeSpan Lookback { get; }

    public IReadOnlyList<ISourceStream> Streams { get; }

    public IReadOnlyList<TransformStep> Transform => HubSpotTransform.Steps;

    public IReadOnlyList<Reconciliation.ReconciledObject> Reconciled { get; }

    public void Dispose() => http.Dispose();
}
