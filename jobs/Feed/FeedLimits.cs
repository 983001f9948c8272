using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Warehouse.Jobs.Feed;

/// <summary>
/// How much of the database the feed may take: at most <c>Feed:MaxConcurrentQueries</c> queries at once (4),
/// up to <c>Feed:QueueLimit</c> more waiting their turn (32), and each query at most <c>Feed:QueryTimeoutSeconds</c>
/// (60). A request beyond the queue is answered 503 with Retry-After, which Power BI and Excel retry.
/// </summary>
public static class FeedLimits
{
    public const string Policy = "feed";

    public static int QueryTimeoutSeconds(IConfiguration configuration) => configuration.GetValue("Feed:QueryTimeoutSeconds", 60);

    public static IServiceCollection AddFeedLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = Math.Max(1, configuration.GetValue("Feed:MaxConcurrentQueries", 4));
        var queue = Math.Max(0, configuration.GetValue("Feed:QueueLimit", 32));
        return services.AddRateLimiter(options =>
        {
            options.AddConcurrencyLimiter(Policy, limiter =>
            {
                limiter.PermitLimit = permits;
                limiter.QueueLimit = queue;
                limiter.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            options.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            options.OnRejected = async (rejected, ct) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "5";
                await rejected.HttpContext.Response.WriteAsJsonAsync(
                    new { error = new { code = "Busy", message = $"The feed is answering {permits} queries with {queue} waiting; retry in a few seconds." } }, ct);
            };
        });
    }
}
