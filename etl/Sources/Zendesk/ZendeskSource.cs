using System.Net.Http.Headers;
using Warehouse.Etl.Http;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Transforms;

namespace Warehouse.Etl.Sources.Zendesk;

/// <summary>The helpdesk source in the Zendesk Support API v2 shapes.</summary>
public sealed class ZendeskSource : ISource
{
    private readonly HttpClient http;

    public ZendeskSource(SourceSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.BaseUrl)) throw new InvalidOperationException("Sources:Zendesk:BaseUrl is not set (e.g. https://example.zendesk.com/).");
        http = SourceHttpClient.Create(Name, new Uri(settings.BaseUrl.TrimEnd('/') + "/"), settings.Http, client =>
        {
            if (!string.IsNullOrEmpty(settings.Token)) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        });
        var api = new ZendeskApi(http);
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
    }

    public string Name => SourceNames.Zendesk;

    public IReadOnlyList<ISourceStream> Streams { get; }

    public IReadOnlyList<string> StagingTables { get; } =
        ["stg.zendesk_group", "stg.zendesk_user", "stg.zendesk_sla_target", "stg.zendesk_ticket", "stg.zendesk_ticket_event", "stg.zendesk_satisfaction_rating"];

    public IReadOnlyList<TransformStep> Transform => ZendeskTransform.Steps;

    public void Dispose() => http.Dispose();
}
