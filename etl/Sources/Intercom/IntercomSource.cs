using System.Globalization;
using System.Net.Http.Headers;
using Warehouse.Etl.Http;
using Warehouse.Etl.Landing;
using Warehouse.Etl.Transforms;

namespace Warehouse.Etl.Sources.Intercom;

/// <summary>The helpdesk source in the Intercom REST API shapes (conversations, their parts and ratings, contacts, admins, teams).</summary>
public sealed class IntercomSource : ISource
{
    /// <summary>The regional hosts of the API ("Regional hosting": US, EU, AU); Sources:Intercom:BaseUrl picks one.</summary>
    public static readonly IReadOnlyList<string> RegionalHosts = ["https://api.intercom.io/", "https://api.eu.intercom.io/", "https://api.au.intercom.io/"];

    private readonly HttpClient http;

    public static SourceModule Module { get; } = new(SourceNames.Intercom, IntercomTransform.Steps, (instance, settings, _) => new IntercomSource(settings, instance))
    {
        Simulator = () => new IntercomSimulator(),
        OffUntilConfigured = true,
    };

    public IntercomSource(SourceSettings settings, SourceInstance? instance = null)
    {
        Instance = instance ?? SourceInstance.Default(SourceNames.Intercom);
        Lookback = settings.Lookback;
        if (string.IsNullOrWhiteSpace(settings.Token)) throw new InvalidOperationException($"{Instance.SettingKey("Token")} is not set: an Intercom access token (Settings → Developer Hub → your app → Authentication).");
        var baseUrl = string.IsNullOrWhiteSpace(settings.BaseUrl) ? RegionalHosts[0] : settings.BaseUrl;
        http = SourceHttpClient.Create(Instance.Key, new Uri(baseUrl.TrimEnd('/') + "/"), settings.Http,
            client => client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token), RateLimitReset);
        var api = new IntercomApi(http, settings.Http);
        // Teams and admins first: a conversation's team and assignee are looked up in them.
        Streams =
        [
            new IntercomTeamsStream(api),
            new IntercomAdminsStream(api),
            new IntercomCompaniesStream(api),
            new IntercomContactsStream(api),
            new IntercomConversationsStream(api),
            new IntercomConversationPartsStream(api),
        ];
        Reconciled = [IntercomReconciliation.Conversations(api, Instance)];
    }

    public SourceInstance Instance { get; }

    public TimeSpan Lookback { get; }

    public IReadOnlyList<ISourceStream> Streams { get; }

    public IReadOnlyList<TransformStep> Transform => IntercomTransform.Steps;

    public IReadOnlyList<Reconciliation.ReconciledObject> Reconciled { get; }

    public void Dispose() => http.Dispose();

    /// <summary>
    /// "Rate limiting": a throttled request is answered 429 with X-RateLimit-Reset, the Unix time at which the
    /// allowance renews; the retry waits until then.
    /// </summary>
    private static TimeSpan? RateLimitReset(HttpResponseMessage answer) =>
        answer.Headers.TryGetValues("X-RateLimit-Reset", out var values) && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var reset)
            ? TimeSpan.FromSeconds(Math.Clamp(reset - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 0, 60))
            : null;
}
