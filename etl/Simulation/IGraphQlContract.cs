using System.Text.Json.Nodes;

namespace Warehouse.Etl.Simulation;

/// <summary>
/// A service's published GraphQL schema as a simulator checks against it: each request before it is answered, and each
/// answer before it is sent, so that a field the service does not have fails where it is used. Tests load the schema
/// (tests/Contracts); the demo runs without one.
/// </summary>
public interface IGraphQlContract
{
    /// <summary>The schema's validation errors of a request (message and error code), empty when it is valid.</summary>
    IReadOnlyList<(string Message, string Code)> RequestErrors(string query, JsonObject variables);

    /// <summary>Where an answer's <c>data</c> differs from the types the schema gives the selected fields, empty when it conforms.</summary>
    IReadOnlyList<string> AnswerErrors(string query, JsonObject variables, JsonObject data);
}
