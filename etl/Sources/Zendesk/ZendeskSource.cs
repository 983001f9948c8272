using System.Net.Http.Headers;
using Warehouse.Etl.Http;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Transforms;

namespace Warehouse.Etl.Sources.Zendesk;

/// <summary>The helpdesk source in the Zendesk Support API v2 shapes.</summary>
public sealed class ZendeskSource : ISource
{
    private readonly HttpClient http;

    public static SourceModule Module { get; } = new(SourceNames.Zendesk, ZendeskTransform.Steps, (instance, settings, _) => new ZendeskSource(settings, instance))
    {
        Simulator = () => new ZendeskSimulator(),
    };

    public ZendeskSource(SourceSettings settings, SourceInstance? instance = null)
    {
        Instance = instance ?? SourceInstance.Default(SourceNames.Zendesk);
        Lookback = settings.Lookback;
        if (string.IsNullOrWhiteSpace(settings.BaseUrl)) throw new InvalidOperationException($"{Instance.SettingKey("BaseUrl")} is not set (e.g. https://example.zendesk.com/).");
        http = SourceHttpClient.Create(Instance.Key, new Uri(settings.BaseUrl.TrimEnd('/') + "/"), settings.Http, client =>
        {
            if (!string.IsNullOrEmpty(settings.Token)) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        });
        var api = new ZendeskApi(http, settings.Http);
        // Groups and users first: agents must be known before events tell agent replies from requester comments.
        Streams =
        [
            new ZendeskGroupsStream(api),
            new ZendeskUsersStream(api),
            new ZendeskSlaPoliciesStream(api),
            new ZendeskTicketsStream(api),
            new ZendeskTicketEventsStream(api),
            new ZendeskSatisfactionRatingsStream(api),
        ];
        Reconciled = [ZendeskReconciliation.Tickets(api, Instance), ZendeskReconciliation.Ratings(api, Instance)];
    }

    public SourceInstance Instance { get; }

    public TimeSpan Lookback { get; }

    public IReadOnlyList<ISourceStream> Streams { get; }

    public IReadOnlyList<TransformStep> Transform => ZendeskTransform.Steps;

    public IReadOnlyList<Reconciliation.ReconciledObject> Reconciled { get; }

    public void Dispose() => http.Dispose();
}
