using System.Data.Common;
using LinqToDB.Interceptors;
using Microsoft.AspNetCore.Http;

namespace Warehouse.Jobs.Feed;

/// <summary>
/// A feed query lives as long as its request: when the client goes away, the command running in the
/// database is cancelled (on PostgreSQL and SQL Server the server stops it) instead of running on for a minute.
/// One per request, with the request's connection.
/// </summary>
public sealed class FeedQueryCancellation : CommandInterceptor, IDisposable
{
    private readonly CancellationTokenRegistration registration;
    private volatile DbCommand? current;

    public FeedQueryCancellation(IHttpContextAccessor http)
    {
        if (http.HttpContext is { } context) registration = context.RequestAborted.Register(Cancel);
    }

    public override DbCommand CommandInitialized(CommandEventData eventData, DbCommand command)
    {
        current = command;
        return command;
    }

    private void Cancel()
    {
        try
        {
            current?.Cancel();
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or DbException)
        {
            // A provider that cannot cancel leaves the command to its timeout (Feed:QueryTimeoutSeconds).
        }
    }

    public void Dispose() => registration.Dispose();
}
