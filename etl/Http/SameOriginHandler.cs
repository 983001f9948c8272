using System.Net;

namespace Warehouse.Etl.Http;

/// <summary>
/// Keeps a source's credentials with its configured address: a request (a next-page link included) to another
/// scheme, host or port is refused, and a redirect is followed only within the same origin. Anything else stops
/// the stream with an error naming the host, instead of sending the token there and loading its answer. It also
/// reads each answer's body, so the attempt's timeout and the retries cover the body as well as the headers.
/// </summary>
internal sealed class SameOriginHandler(Uri baseAddress, string source) : DelegatingHandler
{
    private const int MaxRedirects = 5;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Check(request.RequestUri!, "a link");
        var response = await base.SendAsync(request, cancellationToken);
        for (var hop = 0; IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hop++)
        {
            var target = location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location);
            Check(target, $"a redirect ({(int)response.StatusCode}) from {request.RequestUri!.AbsolutePath}");
            if (hop == MaxRedirects) throw new InvalidOperationException($"{source}: more than {MaxRedirects} redirects from {request.RequestUri!.AbsolutePath}: stopped.");
            if (request.Method != HttpMethod.Get) throw new InvalidOperationException($"{source}: {request.Method} {request.RequestUri!.AbsolutePath} was redirected; only reads are followed.");
            response.Dispose();
            var next = new HttpRequestMessage(HttpMethod.Get, target);
            foreach (var header in request.Headers) next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            request = next;
            response = await base.SendAsync(request, cancellationToken);
        }

        // The body is read here, inside the retry and the attempt timeout: a body that drips or is cut short by the
        // connection closing times out or fails this attempt (and is retried) instead of hanging the run.
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            response.Dispose();
            throw new HttpRequestException($"{source}: the answer of {request.RequestUri!.AbsolutePath} was cut short ({ex.InnerException?.Message ?? ex.Message})", ex);
        }

        return response;
    }

    private void Check(Uri target, string what)
    {
        if (Uri.Compare(target, baseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            // Not an HttpRequestException: a retry would only ask again.
            throw new InvalidOperationException($"{source}: {what} points at {target.Scheme}://{target.Authority}, not the configured {baseAddress.Scheme}://{baseAddress.Authority}: not followed, so the source's credentials are not sent there.");
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400 and not 304;
}
