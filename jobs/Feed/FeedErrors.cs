using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Serilog;

namespace Warehouse.Jobs.Feed;

/// <summary>
/// The feed's answers carry no stack trace: an error the OData library writes (it lists the exception's type and
/// stack in <c>details</c> or <c>innererror</c>) is cut to its code and message, and a query that fails in the
/// database (a division by zero in <c>$filter</c>) is a 400 naming the database's reason. Answers are buffered
/// (a page is at most 500 rows), so an error found while writing one can still replace it.
/// </summary>
public sealed class FeedErrors(RequestDelegate next)
{
    /// <summary>The query options the feed answers (<see cref="FeedQueryAttribute"/>); any other is refused by name.</summary>
    private static readonly string[] Supported = ["$filter", "$select", "$orderby", "$top", "$skip", "$count", "$skiptoken", "$format"];

    public async Task InvokeAsync(HttpContext http)
    {
        // The OData library's own refusal names its internals (EnableQueryAttribute.AllowedQueryOptions): say what the feed supports.
        if (http.Request.Query.Keys.FirstOrDefault(k => k.StartsWith('$') && !Supported.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } unsupported)
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest,
                $"The query option '{(unsupported.Length > 40 ? unsupported[..40] + "…" : unsupported)}' is not supported by this feed; it supports {string.Join(", ", Supported.Take(6))}. Aggregate in the BI tool, or read the kpi views, which are already aggregated.");
            return;
        }

        var original = http.Response.Body;
        await using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            Log.Warning(ex, "OData request {Path}{Query} failed", http.Request.Path, http.Request.QueryString);
            var database = ex as DbException ?? ex.InnerException as DbException;
            buffer.SetLength(0);
            http.Response.Clear();
            http.Response.Body = original;
            await WriteErrorAsync(http, database is null ? StatusCodes.Status500InternalServerError : StatusCodes.Status400BadRequest,
                database is null ? "The request failed; the server log has the cause." : $"The query could not be evaluated: {FirstLine(database.Message)}");
            return;
        }
        finally
        {
            http.Response.Body = original;
        }

        buffer.Position = 0;
        if (http.Response.StatusCode >= 400 && http.Response.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && Short(buffer) is { } error)
        {
            http.Response.ContentLength = null;
            await WriteErrorAsync(http, http.Response.StatusCode, error.Message, error.Code);
            return;
        }

        await buffer.CopyToAsync(original, http.RequestAborted);
    }

    private static (string Code, string Message)? Short(MemoryStream body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("error", out var error)) return null;
            var code = error.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "";
            var message = error.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            return (code, message);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task WriteErrorAsync(HttpContext http, int status, string message, string code = "") =>
        Results.Json(new { error = new { code, message } }, statusCode: status).ExecuteAsync(http);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
