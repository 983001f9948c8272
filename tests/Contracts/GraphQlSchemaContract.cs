using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using Warehouse.Etl.Simulation;

namespace Warehouse.Tests.Contracts;

/// <summary>
/// A service's published GraphQL schema (SDL) built with GraphQL.NET: requests are validated by its
/// <see cref="DocumentValidator"/> (fields, arguments, types, variables), answers are walked against the types of the
/// fields they answer (nullability, lists, objects, enums, scalars' JSON kinds, no field that was not asked for).
/// </summary>
public sealed partial class GraphQlSchemaContract : IGraphQlContract
{
    private readonly Lazy<ISchema> schema;

    private GraphQlSchemaContract(Func<string> sdl) =>
        schema = new Lazy<ISchema>(() =>
        {
            var text = sdl();
            var built = GraphQL.Types.Schema.For(text);
            // The service's own scalars (URL, DateTime, Money, ...) are declared in the SDL only by name.
            foreach (Match scalar in ScalarDeclaration().Matches(text)) built.RegisterType(new OpaqueScalar(scalar.Groups[1].Value));
            // Only validation runs here, never execution: interfaces and unions need no resolver.
            foreach (var type in built.AdditionalTypeInstances.OfType<IAbstractGraphType>()) type.ResolveType ??= _ => null;
            built.Initialize();
            return built;
        });

    public ISchema Schema => schema.Value;

    /// <summary>Shopify's Admin API schema with the 2026-07 fields it lacks (tests/Contracts/shopify/README.md).</summary>
    public static GraphQlSchemaContract Shopify { get; } = new(() =>
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Contracts", "shopify");
        using var gzip = new GZipStream(File.OpenRead(Path.Combine(folder, "admin_schema.graphql.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd() + "\n" + File.ReadAllText(Path.Combine(folder, "api-2026-07-additions.graphql"));
    });

    public IReadOnlyList<(string Message, string Code)> RequestErrors(string query, JsonObject variables)
    {
        GraphQLDocument document;
        try
        {
            document = Parser.Parse(query);
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException e)
        {
            return [(e.Message, "PARSE_ERROR")];
        }

        var result = new DocumentValidator().ValidateAsync(new ValidationOptions
        {
            Schema = Schema,
            Document = document,
            Operation = document.Definitions.OfType<GraphQLOperationDefinition>().First(),
            Rules = DocumentValidator.CoreRules,
            Variables = ((Dictionary<string, object?>)Plain(variables)!).ToInputs(),
        }).GetAwaiter().GetResult();
        return result.IsValid ? [] : result.Errors.Select(e => (e.Message, e.Code ?? "INVALID")).ToList();
    }

    public IReadOnlyList<string> AnswerErrors(string query, JsonObject variables, JsonObject data)
    {
        var operation = Parser.Parse(query).Definitions.OfType<GraphQLOperationDefinition>().First();
        IGraphType root = operation.Operation == OperationType.Mutation ? Schema.Mutation! : Schema.Query;
        var problems = new List<string>();
        CheckObject((IComplexGraphType)root, data, operation.SelectionSet, "data", problems);
        return problems;
    }

    /// <summary>Whether a field of a type is a connection (its type's name ends in Connection) or a list, by the schema.</summary>
    public (bool Connection, bool List) Kind(string typeName, string field)
    {
        var type = (IComplexGraphType)Schema.AllTypes[typeName]!;
        var resolved = type.GetField(field)?.ResolvedType ?? throw new ArgumentException($"{typeName} has no field {field}");
        if (resolved is NonNullGraphType nonNull) resolved = nonNull.ResolvedType!;
        return (resolved is not ListGraphType && resolved.Name.EndsWith("Connection", StringComparison.Ordinal), resolved is ListGraphType);
    }

    private void Check(IGraphType type, JsonNode? value, GraphQLSelectionSet? selection, string path, List<string> problems)
    {
        if (type is NonNullGraphType nonNull)
        {
            if (value is null)
            {
                problems.Add($"{path} is null, but its type {type} is not nullable");
                return;
            }

            type = nonNull.ResolvedType!;
        }

        if (value is null) return;
        switch (type)
        {
            case ListGraphType list when value is JsonArray items:
                for (var i = 0; i < items.Count; i++) Check(list.ResolvedType!, items[i], selection, $"{path}[{i}]", problems);
                break;
            case ListGraphType:
                problems.Add($"{path} is not a list, but its type is {type}");
                break;
            case IAbstractGraphType or IComplexGraphType when value is JsonObject json:
                var concrete = type is IAbstractGraphType abstractType ? Concrete(abstractType, json) : (IComplexGraphType)type;
                if (concrete is null) problems.Add($"{path}: no type of {type.Name} fits the object {json.ToJsonString()}");
                else CheckObject(concrete, json, selection, path, problems);
                break;
            case IAbstractGraphType or IComplexGraphType:
                problems.Add($"{path} is not an object, but its type is {type.Name}");
                break;
            case EnumerationGraphType enumeration:
                if (value.GetValueKind() != JsonValueKind.String || enumeration.Values.FindByName(value.GetValue<string>()) is null)
                {
                    problems.Add($"{path} = {value.ToJsonString()} is not a value of the enum {type.Name}");
                }

                break;
            case ScalarGraphType scalar when !ScalarFits(scalar.Name, value.GetValueKind(), value):
                problems.Add($"{path} = {value.ToJsonString()} is not a {scalar.Name}");
                break;
        }
    }

    private void CheckObject(IComplexGraphType type, JsonObject value, GraphQLSelectionSet? selection, string path, List<string> problems)
    {
        var asked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in Fields(selection, type))
        {
            var key = field.Alias?.Name.StringValue ?? field.Name.StringValue;
            asked.Add(key);
            if (field.Name.StringValue == "__typename") continue;
            var definition = type.GetField(field.Name.StringValue);
            if (definition is null) problems.Add($"{path}.{key}: {type.Name} has no field {field.Name.StringValue}");
            else if (!value.ContainsKey(key)) problems.Add($"{path}.{key} was asked for and is missing");
            else Check(definition.ResolvedType!, value[key], field.SelectionSet, $"{path}.{key}", problems);
        }

        foreach (var key in value.Select(p => p.Key).Where(k => !asked.Contains(k))) problems.Add($"{path}.{key} was not asked for");
    }

    // The fields selected on an object of a type: its own and those of inline fragments on that type or an interface it has.
    private static IEnumerable<GraphQLField> Fields(GraphQLSelectionSet? selection, IComplexGraphType type)
    {
        foreach (var item in selection?.Selections ?? [])
        {
            if (item is GraphQLField field) yield return field;
            else if (item is GraphQLInlineFragment fragment && (fragment.TypeCondition is null || Fits(type, fragment.TypeCondition.Type.Name.StringValue)))
            {
                foreach (var inner in Fields(fragment.SelectionSet, type)) yield return inner;
            }
        }
    }

    private static bool Fits(IComplexGraphType type, string name) =>
        type.Name == name || (type is IImplementInterfaces implementing && implementing.ResolvedInterfaces.Any(i => i.Name == name));

    // An interface or union's object type, from __typename or the type in a Shopify global id (gid://shopify/Refund/1).
    private static IComplexGraphType? Concrete(IAbstractGraphType type, JsonObject value)
    {
        var name = value["__typename"]?.GetValue<string>()
            ?? (value["id"]?.GetValue<string>() is { } id && id.StartsWith("gid://shopify/", StringComparison.Ordinal) ? id["gid://shopify/".Length..].Split('/')[0] : null);
        return name is not null && type.PossibleTypes.FirstOrDefault(t => t.Name == name) is { } found ? found : null;
    }

    private static bool ScalarFits(string scalar, JsonValueKind kind, JsonNode value) => scalar switch
    {
        "Int" => kind == JsonValueKind.Number && Element(value).TryGetInt32(out _),
        "Float" => kind == JsonValueKind.Number,
        "Boolean" => kind is JsonValueKind.True or JsonValueKind.False,
        "JSON" => true,
        // ID, String and Shopify's own scalars (DateTime, Decimal, Money, URL, UnsignedInt64, HTML, ...) travel as strings.
        _ => kind == JsonValueKind.String,
    };

    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v => Element(v) switch
        {
            { ValueKind: JsonValueKind.String } e => e.GetString(),
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            { ValueKind: JsonValueKind.Number } e when e.TryGetInt32(out var i) => i,
            { ValueKind: JsonValueKind.Number } e when e.TryGetInt64(out var l) => l,
            { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
            _ => null,
        },
        _ => null,
    };

    private static JsonElement Element(JsonNode node) => JsonSerializer.SerializeToElement(node);

    [GeneratedRegex(@"^scalar\s+(\w+)", RegexOptions.Multiline)]
    private static partial Regex ScalarDeclaration();

    /// <summary>A scalar known by name only: any literal or variable value passes to the validator's other rules.</summary>
    private sealed class OpaqueScalar : ScalarGraphType
    {
        public OpaqueScalar(string name) => Name = name;

        public override object? ParseLiteral(GraphQLValue value) => value switch
        {
            GraphQLStringValue s => (string)s.Value,
            GraphQLNullValue => null,
            _ => value,
        };

        public override object? ParseValue(object? value) => value;
    }
}
