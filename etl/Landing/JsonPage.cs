using System.Text.Json;

namespace Warehouse.Etl.Landing;

/// <summary>Parses an API page body; a body that is not JSON gives null and the parser's message.</summary>
public static class JsonPage
{
    public static JsonDocument? TryParse(string body, out string? error)
    {
        try
        {
            error = null;
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return null;
        }
    }
}
