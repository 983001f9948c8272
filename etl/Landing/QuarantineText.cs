using System.Globalization;
using System.Text;

namespace Warehouse.Etl.Landing;

/// <summary>
/// Text as every engine's quarantine can store it, whatever bytes the source sent: a NUL character (PostgreSQL's text
/// refuses it: 22021) and a lone UTF-16 surrogate (no UTF-8 text holds one) are written as the JSON escape <c>\u0000</c>,
/// <c>\ud800</c>, so the record is kept, readable, and tells what was there.
/// </summary>
internal static class QuarantineText
{
    public static string Storable(string text)
    {
        if (!text.Contains('\0', StringComparison.Ordinal) && !HasSurrogate(text)) return text;
        var result = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result.Append(c).Append(text[++i]);
            }
            else if (c == '\0' || char.IsSurrogate(c))
            {
                result.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static bool HasSurrogate(string text)
    {
        foreach (var c in text) if (char.IsSurrogate(c)) return true;
        return false;
    }
}
