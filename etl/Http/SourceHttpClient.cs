using System.Threading.RateLimiting;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Serilog;

namespace Warehouse.Etl.Http;

/// <summary>
/// The HttpClient of an API source: a client-side rate limit, retries with exponential backoff and
/// jitter on 429, 5xx and timeouts honouring Retry-After, a per-attempt and a total timeout; requests and
/// redirects only to the configured origin (<see cref="SameOriginHandler"/>).
/// Built on Microsoft.Extensions.Http.Resilience rather than a loop of our own.
/// </summary>
public static class SourceHttpClient
{
    /// <param name="retryDelay">
    /// The wait a throttled answer asks for when the service says it otherwise than by Retry-After (Intercom's
    /// X-RateLimit-Reset); null where the answer does not say.
    /// </param>
    public static HttpClient Create(string source, Uri baseAddress, HttpSettings settings, Action<HttpClient>? authenticate = null, Func<HttpResponseMessage, TimeSpan?>? retryDelay = null)
    {
        settings.Validate(source);
        var tokensPerPeriod = Math.Max(1, (int)Math.Ceiling(settings.RequestsPerSecond / 10));
        var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokensPerPeriod,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokensPerPeriod / settings.RequestsPerSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>().AddTimeout(settings.TotalTimeout);
        // MaxRetries = 0 turns retries off (Polly accepts no retry strategy with zero attempts).
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                Delay = settings.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Result is { } answer ? RetryAfter(answer) ?? retryDelay?.Invoke(answer) : null),
                OnRetry = args =>
                {
                    Log.Warning("{Source}: retry {Attempt} of {Url} after {Outcome} in {Delay:0.0} s", source, args.AttemptNumber + 1,
                        args.Context.GetRequestMessage()?.RequestUri?.AbsolutePath,
                        args.Outcome.Result is { } r ? $"HTTP {(int)r.StatusCode}" : args.Outcome.Exception?.GetType().Name,
                        args.RetryDelay.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        var pipeline = builder.AddRateLimiter(limiter).AddTimeout(settings.AttemptTimeout).Build();
#pragma warning disable CA2000 // the client owns its handler chain
        var sockets = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false };
        var handler = new ResilienceHandler(pipeline) { InnerHandler = new SameOriginHandler(baseAddress, source) { InnerHandler = sockets } };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
        authenticate?.Invoke(client);
        return client;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage answer) => answer.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > DateTimeOffset.UtcNow ? date - DateTimeOffset.UtcNow : TimeSpan.Zero,
        _ => null,
    };
}
