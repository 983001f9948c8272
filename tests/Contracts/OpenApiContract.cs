using System.IO.Compression;
using System.Text.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;
using Warehouse.Jobs.Demo;

namespace Warehouse.Tests.Contracts;

/// <summary>
/// A service's published OpenAPI description (read with Microsoft.OpenApi), used to check the requests a connector
/// sends and the answers a simulator gives: a request must name a documented path and only documented query
/// parameters, with the required ones; an answer must have the documented response schema's types, required
/// properties and enums. <see cref="NotRequired"/>, <see cref="Undeclared"/> and <see cref="EnumAdditions"/> hold where a
/// service documents something its description omits; the tests name the page beside each.
/// </summary>
internal sealed class OpenApiContract
{
    private readonly OpenApiDocument document;

    private OpenApiContract(OpenApiDocument document, IReadOnlyList<string> loadErrors)
    {
        this.document = document;
        LoadErrors = loadErrors;
    }

    /// <summary>What the reader reported about the description itself (a service's own defects are named by the tests).</summary>
    public IReadOnlyList<string> LoadErrors { get; }

    public string Version => document.Info.Version ?? "";

    /// <summary>Documented behaviour the description leaves out: a required query parameter that may be left out when another is sent instead.</summary>
    public HashSet<(string Path, string Parameter, string Instead)> NotRequired { get; } = [];

    public HashSet<(string Path, string Parameter)> Undeclared { get; } = [];

    /// <summary>A null accepted for an optional property the description does not mark nullable (where the service's own answers carry null).</summary>
    public bool NullForOptional { get; init; }

    /// <summary>Values a service documents for a property beyond the description's enum: (property name, value).</summary>
    public HashSet<(string Property, string Value)> EnumAdditions { get; } = [];

    /// <summary>A JSON kind a service's real answers give a property beyond its described type: (property name, kind).</summary>
    public HashSet<(string Property, JsonValueKind Kind)> TypeAdditions { get; } = [];

    /// <summary>Objects whose members the workspace defines (custom attributes): their members are not checked.</summary>
    public HashSet<string> FreeForm { get; } = [];

    public static async Task<OpenApiContract> LoadAsync(string gzippedYaml, bool nullForOptional = false)
    {
        await using var file = File.OpenRead(gzippedYaml);
        await using var yaml = new GZipStream(file, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        await yaml.CopyToAsync(buffer);
        buffer.Position = 0;
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var result = await OpenApiDocument.LoadAsync(buffer, "yaml", settings);
        var errors = result.Diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}").ToList() ?? [];
        return new OpenApiContract(result.Document ?? throw new InvalidOperationException("The description did not load: " + string.Join("; ", errors)), errors) { NullForOptional = nullForOptional };
    }

    /// <summary>The documented path template a request path matches (".json" suffixes stripped), or null.</summary>
    public string? TemplateOf(string path)
    {
        var segments = Strip(path).Trim('/').Split('/');
        return document.Paths.Keys.Where(template =>
        {
            var parts = template.Trim('/').Split('/');
            return parts.Length == segments.Length && parts.Zip(segments).All(p => p.First.StartsWith('{') || string.Equals(p.First, p.Second, StringComparison.Ordinal));
        }).OrderBy(t => t.Count(c => c == '{')).FirstOrDefault();
    }

    public IReadOnlyList<string> RequestViolations(ApiExchange exchange)
    {
        var template = TemplateOf(exchange.Path);
        if (template is null) return [$"{exchange.Method} {exchange.Path}: no such path in the description"];
        var item = document.Paths[template];
        if (item.Operations?.FirstOrDefault(o => o.Key.Method.Equals(exchange.Method, StringComparison.OrdinalIgnoreCase)).Value is not { } operation)
        {
            return [$"{exchange.Method} {template}: the description has no such operation"];
        }

        var parameters = (item.Parameters ?? []).Concat(operation.Parameters ?? []).Where(p => p.In == ParameterLocation.Query).ToList();
        var violations = new List<string>();
        foreach (var name in exchange.Query.Keys.Where(n => parameters.All(p => p.Name != n) && !Undeclared.Contains((template, n))))
        {
            violations.Add($"{exchange.Method} {template}: query parameter '{name}' is not in the description");
        }

        foreach (var parameter in parameters.Where(p => p.Required && !exchange.Query.ContainsKey(p.Name!)
                     && !NotRequired.Any(n => n.Path == template && n.Parameter == p.Name && exchange.Query.ContainsKey(n.Instead))))
        {
            violations.Add($"{exchange.Method} {template}: the required query parameter '{parameter.Name}' is missing");
        }

        // Documented headers the request sends (Intercom-Version) keep to their schema.
        var headers = (item.Parameters ?? []).Concat(operation.Parameters ?? []).Where(p => p.In == ParameterLocation.Header && p.Schema is not null).ToList();
        foreach (var header in headers)
        {
            var sent = exchange.RequestHeaders?.FirstOrDefault(h => string.Equals(h.Key, header.Name, StringComparison.OrdinalIgnoreCase)).Value;
            if (sent is null) continue;
            using var text = JsonDocument.Parse(JsonSerializer.Serialize(sent));
            violations.AddRange(Validate(text.RootElement, header.Schema!, $"{exchange.Method} {template} header {header.Name}"));
        }

        // The body against the documented request schema.
        if (operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true && media!.Schema is { } bodySchema)
        {
            if (exchange.RequestBody is null)
            {
                if (operation.RequestBody.Required) violations.Add($"{exchange.Method} {template}: the required request body is missing");
            }
            else
            {
                using var body = JsonDocument.Parse(exchange.RequestBody);
                violations.AddRange(Validate(body.RootElement, bodySchema, $"{exchange.Method} {template} request body"));
            }
        }
        else if (exchange.RequestBody is not null)
        {
            violations.Add($"{exchange.Method} {template}: a request body the description does not document");
        }

        return violations;
    }

    /// <summary>The answer's body against the documented schema of its status code.</summary>
    public IReadOnlyList<string> AnswerViolations(ApiExchange exchange)
    {
        var template = TemplateOf(exchange.Path);
        if (template is null) return [$"{exchange.Path}: no such path in the description"];
        var operation = document.Paths[template].Operations!.First(o => o.Key.Method.Equals(exchange.Method, StringComparison.OrdinalIgnoreCase)).Value;
        var status = exchange.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses?.TryGetValue(status, out var response) != true || response!.Content?.TryGetValue("application/json", out var media) != true || media!.Schema is null)
        {
            return [$"{exchange.Method} {template}: no documented JSON answer for status {status}"];
        }

        using var body = JsonDocument.Parse(exchange.Body);
        return Validate(body.RootElement, media.Schema, $"{template} {status}");
    }

    /// <summary>A JSON value against a documented schema; the violations, each with its JSON path.</summary>
    public IReadOnlyList<string> Validate(JsonElement value, IOpenApiSchema schema, string at)
    {
        var violations = new List<string>();
        Check(value, schema, "$", optional: false, violations);
        return violations.Select(v => $"{at}: {v}").ToList();
    }

    private void Check(JsonElement value, IOpenApiSchema schema, string path, bool optional, List<string> violations)
    {
        if (violations.Count > 50) return;
        foreach (var part in schema.AllOf ?? []) Check(value, part, path, optional, violations);
        var alternatives = (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).ToList();
        if (alternatives.Count > 0 && !alternatives.Any(a => Passes(value, a, path, optional)))
        {
            violations.Add($"{path}: matches none of its {alternatives.Count} documented alternatives");
        }

        var type = schema.Type;
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (type is null || type.Value.HasFlag(JsonSchemaType.Null) || (optional && NullForOptional)) return;
            violations.Add($"{path}: null where the description says {type} (not nullable)");
            return;
        }

        var name = path[(path.LastIndexOf('.') + 1)..];
        if (TypeAdditions.Contains((name, value.ValueKind))) return;
        if (type is { } declared && !Fits(value, declared))
        {
            violations.Add($"{path}: {value.ValueKind} where the description says {declared}");
            return;
        }

        if (schema.Enum is { Count: > 0 } values && value.ValueKind == JsonValueKind.String && values.All(v => v?.ToString() != value.GetString())
            && !EnumAdditions.Contains((name, value.GetString()!)))
        {
            violations.Add($"{path}: '{value.GetString()}' is not one of {string.Join(", ", values)}");
        }

        if (value.ValueKind == JsonValueKind.Object && FreeForm.Contains(name)) return;
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var required in schema.Required ?? new HashSet<string>())
            {
                if (!value.TryGetProperty(required, out _)) violations.Add($"{path}: the required property '{required}' is missing");
            }

            foreach (var property in value.EnumerateObject())
            {
                if (schema.Properties?.TryGetValue(property.Name, out var child) == true) Check(property.Value, child, $"{path}.{property.Name}", optional: schema.Required?.Contains(property.Name) != true, violations);
                else if (!schema.AdditionalPropertiesAllowed) violations.Add($"{path}: the property '{property.Name}' is not in the description");
                else if (schema.AdditionalProperties is { } additional) Check(property.Value, additional, $"{path}.{property.Name}", optional: true, violations);
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.Items is { } items)
        {
            var i = 0;
            foreach (var element in value.EnumerateArray().Take(200)) Check(element, items, $"{path}[{i++}]", optional: false, violations);
        }
    }

    private bool Passes(JsonElement value, IOpenApiSchema schema, string path, bool optional)
    {
        var trial = new List<string>();
        Check(value, schema, path, optional, trial);
        return trial.Count == 0;
    }

    private static bool Fits(JsonElement value, JsonSchemaType type) => value.ValueKind switch
    {
        JsonValueKind.String => type.HasFlag(JsonSchemaType.String),
        JsonValueKind.Number => type.HasFlag(JsonSchemaType.Number) || (type.HasFlag(JsonSchemaType.Integer) && value.TryGetInt64(out _)),
        JsonValueKind.True or JsonValueKind.False => type.HasFlag(JsonSchemaType.Boolean),
        JsonValueKind.Object => type.HasFlag(JsonSchemaType.Object),
        JsonValueKind.Array => type.HasFlag(JsonSchemaType.Array),
        _ => true,
    };

    private static string Strip(string path) => path.EndsWith(".json", StringComparison.Ordinal) ? path[..^5] : path;
}
