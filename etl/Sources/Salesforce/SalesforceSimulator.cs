using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Warehouse.Etl.Simulation;

namespace Warehouse.Etl.Sources.Salesforce;

/// <summary>
/// The Salesforce REST API and Bulk API 2.0 query jobs on loopback, as developer.salesforce.com documents them (each rule
/// names its page); checked against the recorded real answers in ../shared/samples/real (envelopes, field names, times).
/// Records are REST-shaped JSON ("attributes", "Id", ..., "SystemModstamp": "2026-05-01T07:25:37.000+0000").
/// </summary>
public sealed partial class SalesforceSimulator : ISourceSimulator
{
    private readonly Dictionary<string, (List<JsonObject> Rows, string[] Fields, int Next)> cursors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BulkJob> jobs = new(StringComparer.Ordinal);
    private readonly object gate = new();
    private long used;
    private int sequence;

    /// <summary>Objects by API name ("Lead", "Opportunity", ...), deleted records (IsDeleted true) included.</summary>
    public Dictionary<string, ApiRecordSet> Records { get; } = new(StringComparer.Ordinal);

    /// <summary>The fields each object's describe lists (<see cref="StandardFields"/> unless a test trims one).</summary>
    public Dictionary<string, Dictionary<string, string>> Fields { get; } = StandardFields();

    /// <summary>"QueryAll": up to 2,000 records a batch; a test sets fewer to page.</summary>
    public int BatchSize { get; set; } = 2000;

    /// <summary>The org's daily API requests ("API Request Limits and Allocations"); past it every call is refused 403.</summary>
    public long DailyLimit { get; set; } = 100_000;

    /// <summary>API requests used today before the simulator's own (another integration's).</summary>
    public long UsedBefore { get; set; }

    /// <summary>When set, every request is refused 401 INVALID_SESSION_ID, as for an expired access token.</summary>
    public bool SessionExpired { get; set; }

    /// <summary>How long a bulk query job runs before it ends.</summary>
    public TimeSpan BulkRunTime { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How the next bulk jobs end ("JobComplete" when empty); a test queues "Failed" or "Aborted".</summary>
    public Queue<string> BulkOutcomes { get; } = new();

    /// <summary>The SOQL of each bulk job created, in order.</summary>
    public List<string> BulkQueries { get; } = [];

    /// <summary>Records a results page of a bulk job holds at most, whatever maxRecords asks.</summary>
    public int BulkPageSize { get; set; } = 50_000;

    public void Map(IEndpointRouteBuilder routes, Func<Uri> baseAddress)
    {
        routes.MapGet("/services/data/{version}/sobjects/{name}/describe", (string version, string name, HttpContext context) => DescribeAsync(context, version, name));
        routes.MapGet("/services/data/{version}/queryAll", (string version, HttpContext context) => QueryAsync(context, version, includeDeleted: true));
        routes.MapGet("/services/data/{version}/query", (string version, HttpContext context) => QueryAsync(context, version, includeDeleted: false));
        routes.MapGet("/services/data/{version}/query/{locator}", (string version, string locator, HttpContext context) => MoreAsync(context, version, locator));
        routes.MapGet("/services/data/{version}/queryAll/{locator}", (string version, string locator, HttpContext context) => MoreAsync(context, version, locator));
        routes.MapPost("/services/data/{version}/jobs/query", (string version, HttpContext context) => CreateJobAsync(context, version));
        routes.MapGet("/services/data/{version}/jobs/query/{id}", (string version, string id, HttpContext context) => JobAsync(context, id));
        routes.MapGet("/services/data/{version}/jobs/query/{id}/results", (string version, string id, HttpContext context) => ResultsAsync(context, id));
    }

    /// <summary>
    /// Every call counts against the daily limit and is answered with "Sforce-Limit-Info: api-usage=used/max" ("Limit Info
    /// Header"); past the limit it is refused 403 REQUEST_LIMIT_EXCEEDED ("Status Codes and Error Responses"). Without a
    /// bearer token, or with an expired one, 401 INVALID_SESSION_ID.
    /// </summary>
    private async Task<bool> RefusedAsync(HttpContext context)
    {
        long count;
        lock (gate) count = UsedBefore + ++used;
        context.Response.Headers["Sforce-Limit-Info"] = FormattableString.Invariant($"api-usage={Math.Min(count, DailyLimit)}/{DailyLimit}");
        var authorization = context.Request.Headers.Authorization.ToString();
        if (SessionExpired || !authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length <= 7)
        {
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, "INVALID_SESSION_ID", "Session expired or invalid");
            return true;
        }

        if (count > DailyLimit)
        {
            await ErrorAsync(context, StatusCodes.Status403Forbidden, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
            return true;
        }

        return false;
    }

    /// <summary>"sObject Describe": the object's fields with name and type; 404 NOT_FOUND for an object the org lacks.</summary>
    private async Task DescribeAsync(HttpContext context, string version, string name)
    {
        if (await RefusedAsync(context)) return;
        if (!Fields.TryGetValue(name, out var fields))
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "NOT_FOUND", "The requested resource does not exist");
            return;
        }

        var answer = new JsonObject
        {
            ["name"] = name,
            ["queryable"] = true,
            ["urls"] = new JsonObject { ["describe"] = $"/services/data/{version}/sobjects/{name}/describe" },
            ["fields"] = new JsonArray([.. fields.Select(f => (JsonNode)new JsonObject { ["name"] = f.Key, ["type"] = f.Value, ["nillable"] = f.Key != "Id" })]),
        };
        await JsonAsync(context, answer.ToJsonString());
    }

    /// <summary>
    /// "Query" and "QueryAll": the SOQL shapes the connector sends, SELECT fields FROM object [WHERE SystemModstamp &gt;=
    /// datetime] [ORDER BY SystemModstamp ASC, Id ASC], and SELECT COUNT() FROM object [WHERE CreatedDate &gt;= datetime AND
    /// CreatedDate &lt; datetime] ("COUNT()", "Date Formats and Date Literals": a dateTime is yyyy-MM-ddTHH:mm:ssZ). Query leaves deleted records out,
    /// QueryAll returns them with IsDeleted true. A field the describe lacks is refused 400 INVALID_FIELD ("No such column"),
    /// any other text 400 MALFORMED_QUERY. Up to 2,000 records a batch, then done false and nextRecordsUrl, which has
    /// "query" in its path for QueryAll too ("QueryAll": "Although the nextRecordsUrl has query in the URL...").
    /// </summary>
    private async Task QueryAsync(HttpContext context, string version, bool includeDeleted)
    {
        if (await RefusedAsync(context)) return;
        var soql = context.Request.Query["q"].ToString();
        if (!TryParse(soql, allowOrder: true, out var query, out var error))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, error.Code, error.Message);
            return;
        }

        var rows = await RowsAsync(query, includeDeleted, context.RequestAborted);
        if (query.Count)
        {
            await JsonAsync(context, FormattableString.Invariant($"{{\"totalSize\":{rows.Count},\"done\":true,\"records\":[]}}"));
            return;
        }

        string locator;
        lock (gate) locator = "0r8xx" + (++sequence).ToString("D10", CultureInfo.InvariantCulture);
        lock (gate) cursors[locator] = (rows, query.Fields, 0);
        await PageAsync(context, version, locator);
    }

    /// <summary>"Retrieve the Remaining SOQL Query Results": GET the nextRecordsUrl, locator-offset, with no parameters.</summary>
    private async Task MoreAsync(HttpContext context, string version, string locator)
    {
        if (await RefusedAsync(context)) return;
        var dash = locator.LastIndexOf('-');
        var id = dash < 0 ? locator : locator[..dash];
        bool known;
        lock (gate) known = cursors.ContainsKey(id) && dash > 0 && int.TryParse(locator[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _);
        if (!known)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "INVALID_QUERY_LOCATOR", "invalid query locator");
            return;
        }

        lock (gate) cursors[id] = cursors[id] with { Next = int.Parse(locator[(dash + 1)..], CultureInfo.InvariantCulture) };
        await PageAsync(context, version, id);
    }

    private Task PageAsync(HttpContext context, string version, string locator)
    {
        (List<JsonObject> Rows, string[] Fields, int Next) cursor;
        lock (gate) cursor = cursors[locator];
        var page = cursor.Rows.Skip(cursor.Next).Take(BatchSize).Select(r => Project(r, cursor.Fields, version).ToJsonString()).ToList();
        var end = cursor.Next + page.Count;
        var done = end >= cursor.Rows.Count;
        var next = done ? "" : FormattableString.Invariant($",\"nextRecordsUrl\":\"/services/data/{version}/query/{locator}-{end}\"");
        return JsonAsync(context, FormattableString.Invariant($"{{\"totalSize\":{cursor.Rows.Count},\"done\":{(done ? "true" : "false")}{next},\"records\":[{string.Join(",", page)}]}}"));
    }

    /// <summary>
    /// "Create a Query Job": operation query or queryAll and a SOQL query; COUNT(), ORDER BY, LIMIT, GROUP BY and OFFSET are
    /// refused ("Understanding Bulk API 2.0 Query", SOQL considerations). The job starts UploadComplete.
    /// </summary>
    private async Task CreateJobAsync(HttpContext context, string version)
    {
        if (await RefusedAsync(context)) return;
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            body = null;
        }

        var operation = body?["operation"]?.GetValue<string>();
        var soql = body?["query"]?.GetValue<string>() ?? "";
        if (operation is not ("query" or "queryAll"))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "INVALIDJOB", "operation must be query or queryAll");
            return;
        }

        if (BulkUnsupported().IsMatch(soql))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "INVALIDJOB", "Bulk API 2.0 does not support COUNT(), ORDER BY, LIMIT, GROUP BY, OFFSET or TYPEOF in a query job");
            return;
        }

        if (!TryParse(soql, allowOrder: false, out var query, out var error))
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, error.Code, error.Message);
            return;
        }

        var rows = await RowsAsync(query, operation == "queryAll", context.RequestAborted);
        BulkJob job;
        lock (gate)
        {
            var id = "750xx" + (++sequence).ToString("D13", CultureInfo.InvariantCulture);
            job = new BulkJob(id, operation, query, rows, version, DateTime.UtcNow + BulkRunTime, BulkOutcomes.Count > 0 ? BulkOutcomes.Dequeue() : "JobComplete");
            jobs[id] = job;
            BulkQueries.Add(soql);
        }

        await JsonAsync(context, Job(job, "UploadComplete").ToJsonString());
    }

    /// <summary>"Get Information About a Query Job": InProgress while it runs, then JobComplete (or Failed / Aborted with errorMessage).</summary>
    private async Task JobAsync(HttpContext context, string id)
    {
        if (await RefusedAsync(context)) return;
        BulkJob? job;
        lock (gate) jobs.TryGetValue(id, out job);
        if (job is null)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "NOT_FOUND", "The requested resource does not exist");
            return;
        }

        var state = DateTime.UtcNow < job.EndsAt ? "InProgress" : job.Outcome;
        var answer = Job(job, state);
        if (state == "Failed") answer["errorMessage"] = "INTERNAL_ERROR: the query job failed";
        await JsonAsync(context, answer.ToJsonString());
    }

    /// <summary>
    /// "Get Results for a Query Job": only of a job in JobComplete; CSV, a header row of the selected fields, empty for
    /// null; at most maxRecords rows, the next page's locator in Sforce-Locator ("null" on the last page) and the rows'
    /// count in Sforce-NumberOfRecords.
    /// </summary>
    private async Task ResultsAsync(HttpContext context, string id)
    {
        if (await RefusedAsync(context)) return;
        BulkJob? job;
        lock (gate) jobs.TryGetValue(id, out job);
        if (job is null || DateTime.UtcNow < job.EndsAt || job.Outcome != "JobComplete")
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, "INVALIDJOB", "the job is not in state JobComplete");
            return;
        }

        var max = int.TryParse(context.Request.Query["maxRecords"], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m > 0 ? Math.Min(m, BulkPageSize) : BulkPageSize;
        var start = int.TryParse(context.Request.Query["locator"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : 0;
        var page = job.Rows.Skip(start).Take(max).ToList();
        var csv = new StringBuilder();
        csv.Append(string.Join(",", job.Query.Fields.Select(Quote))).Append('\n');
        foreach (var row in page) csv.Append(string.Join(",", job.Query.Fields.Select(f => Quote(CsvValue(row[f]))))).Append('\n');
        var end = start + page.Count;
        context.Response.Headers["Sforce-Locator"] = end < job.Rows.Count ? end.ToString(CultureInfo.InvariantCulture) : "null";
        context.Response.Headers["Sforce-NumberOfRecords"] = page.Count.ToString(CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/csv";
        await context.Response.WriteAsync(csv.ToString(), context.RequestAborted);
    }

    private static JsonObject Job(BulkJob job, string state) => new()
    {
        ["id"] = job.Id, ["operation"] = job.Operation, ["object"] = job.Query.Object, ["createdById"] = "005xx0000012345AAA",
        ["createdDate"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fff+0000", CultureInfo.InvariantCulture), ["state"] = state,
        ["concurrencyMode"] = "Parallel", ["contentType"] = "CSV", ["apiVersion"] = double.Parse(job.Version.TrimStart('v'), CultureInfo.InvariantCulture),
        ["lineEnding"] = "LF", ["columnDelimiter"] = "COMMA",
    };

    private sealed record BulkJob(string Id, string Operation, SoqlQuery Query, List<JsonObject> Rows, string Version, DateTime EndsAt, string Outcome);

    private sealed record SoqlQuery(string Object, string[] Fields, DateTime? Since, bool Count)
    {
        /// <summary>A count's CreatedDate range, [From, To).</summary>
        public (DateTime From, DateTime To)? Created { get; init; }
    }

    private bool TryParse(string soql, bool allowOrder, out SoqlQuery query, out (string Code, string Message) error)
    {
        query = new SoqlQuery("", [], null, false);
        var match = Soql().Match(soql);
        if (!match.Success || (!allowOrder && match.Groups["order"].Success) || (match.Groups["order"].Success && match.Groups["count"].Success))
        {
            error = ("MALFORMED_QUERY", $"the simulator reads SELECT fields FROM object [WHERE SystemModstamp >= datetime] [ORDER BY SystemModstamp ASC, Id ASC], not: {soql}");
            return false;
        }

        var name = match.Groups["object"].Value;
        if (!Fields.TryGetValue(name, out var fields))
        {
            error = ("INVALID_TYPE", $"sObject type '{name}' is not supported.");
            return false;
        }

        var selected = match.Groups["count"].Success ? [] : match.Groups["fields"].Value.Split(',', StringSplitOptions.TrimEntries);
        foreach (var field in selected)
        {
            if (!fields.ContainsKey(field))
            {
                error = ("INVALID_FIELD", $"\n{soql}\nERROR at Row:1:Column:8\nNo such column '{field}' on entity '{name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.");
                return false;
            }
        }

        DateTime? since = match.Groups["since"].Success ? DateTime.Parse(match.Groups["since"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal) : null;
        if (match.Groups["from"].Success && !match.Groups["count"].Success)
        {
            error = ("MALFORMED_QUERY", $"the simulator reads a CreatedDate range in SELECT COUNT() only, not: {soql}");
            return false;
        }

        query = new SoqlQuery(name, selected, since, match.Groups["count"].Success)
        {
            Created = match.Groups["from"].Success
                ? (DateTime.Parse(match.Groups["from"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), DateTime.Parse(match.Groups["to"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal))
                : null,
        };
        error = ("", "");
        return true;
    }

    /// <summary>The object's records matching the query, by SystemModstamp then Id.</summary>
    private async Task<List<JsonObject>> RowsAsync(SoqlQuery query, bool includeDeleted, CancellationToken ct)
    {
        var set = Records.GetValueOrDefault(query.Object) ?? ApiRecordSet.FromJson([]);
        var all = await set.ReadAsync(0, set.Count, ct);
        return all.Select(r => JsonNode.Parse(r)!.AsObject())
            .Where(r => includeDeleted || r["IsDeleted"]?.GetValue<bool>() != true)
            .Where(r => query.Since is null || Modstamp(r) >= query.Since)
            .Where(r => query.Created is not { } c || (Created(r) >= c.From && Created(r) < c.To))
            .OrderBy(Modstamp).ThenBy(r => r["Id"]?.GetValue<string>(), StringComparer.Ordinal)
            .ToList();
    }

    private static DateTime Created(JsonObject record) =>
        DateTimeOffset.Parse(record["CreatedDate"]!.GetValue<string>(), CultureInfo.InvariantCulture).UtcDateTime;

    private static DateTime Modstamp(JsonObject record) =>
        DateTimeOffset.Parse(record["SystemModstamp"]!.GetValue<string>(), CultureInfo.InvariantCulture).UtcDateTime;

    /// <summary>A REST record: "attributes" (type, url) first, then the selected fields (null where the record has none).</summary>
    private static JsonObject Project(JsonObject record, string[] fields, string version)
    {
        var id = record["Id"]?.GetValue<string>() ?? "";
        var type = record["attributes"]?["type"]?.GetValue<string>() ?? "";
        var answer = new JsonObject { ["attributes"] = new JsonObject { ["type"] = type, ["url"] = $"/services/data/{version}/sobjects/{type}/{id}" } };
        foreach (var field in fields) answer[field] = record[field]?.DeepClone();
        return answer;
    }

    /// <summary>Bulk results write times as yyyy-MM-ddTHH:mm:ss.fffZ, booleans as true/false, null as nothing.</summary>
    private static string CsvValue(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var text) && text.Length > 20 && DateTimeOffset.TryParseExact(text, "yyyy-MM-ddTHH:mm:ss.fffzzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        JsonValue v when v.TryGetValue<bool>(out var flag) => flag ? "true" : "false",
        _ => value.ToJsonString(),
    };

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return JsonAsync(context, new JsonArray(new JsonObject { ["message"] = message, ["errorCode"] = code }).ToJsonString());
    }

    private static Task JsonAsync(HttpContext context, string body)
    {
        context.Response.ContentType = "application/json;charset=UTF-8";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>The standard fields the connector reads, with their describe types ("Field Types" in the Object Reference).</summary>
    public static Dictionary<string, Dictionary<string, string>> StandardFields()
    {
        static Dictionary<string, string> Of(params (string Name, string Type)[] fields) =>
            new[] { ("Id", "id"), ("IsDeleted", "boolean"), ("SystemModstamp", "datetime"), ("CreatedDate", "datetime") }.Concat(fields).ToDictionary(f => f.Item1, f => f.Item2, StringComparer.Ordinal);
        return new(StringComparer.Ordinal)
        {
            ["User"] = Of(("Name", "string"), ("Department", "string"), ("IsActive", "boolean")),
            ["Account"] = Of(("Name", "string"), ("Website", "url")),
            ["Lead"] = Of(("Email", "email"), ("Status", "picklist"), ("IsConverted", "boolean"), ("ConvertedDate", "date"), ("ConvertedOpportunityId", "reference"),
                ("ConvertedContactId", "reference"), ("ConvertedAccountId", "reference"), ("LeadSource", "picklist"), ("OwnerId", "reference")),
            ["Contact"] = Of(("Email", "email"), ("AccountId", "reference")),
            ["Opportunity"] = Of(("AccountId", "reference"), ("StageName", "picklist"), ("IsClosed", "boolean"), ("IsWon", "boolean"), ("Amount", "currency"), ("CloseDate", "date"),
                ("LeadSource", "picklist"), ("OwnerId", "reference"), ("CampaignId", "reference")),
            ["Campaign"] = Of(("Name", "string"), ("Type", "picklist")),
            ["OpportunityHistory"] = Of(("OpportunityId", "reference"), ("StageName", "picklist"), ("Amount", "currency"), ("Probability", "percent"), ("CloseDate", "date")),
        };
    }

    [GeneratedRegex(@"^SELECT (?:(?<count>COUNT\(\))|(?<fields>[A-Za-z0-9_]+(?:, [A-Za-z0-9_]+)*)) FROM (?<object>[A-Za-z0-9_]+)(?: WHERE SystemModstamp >= (?<since>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{3})?Z)| WHERE CreatedDate >= (?<from>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) AND CreatedDate < (?<to>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ))?(?<order> ORDER BY SystemModstamp ASC, Id ASC)?$")]
    private static partial Regex Soql();

    [GeneratedRegex(@"\b(COUNT\(|ORDER BY|LIMIT|GROUP BY|OFFSET|TYPEOF)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BulkUnsupported();
}
