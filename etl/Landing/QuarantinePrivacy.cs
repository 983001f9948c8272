using System.Globalization;
using System.Text.RegularExpressions;
using Warehouse.Etl.Sources;

namespace Warehouse.Etl.Landing;

/// <summary>
/// A quarantined payload keeps personal data no better than the warehouse does: unless Warehouse:StoreEmail is
/// on, every e-mail address in it (a survey row's respondent_email, an order's email and customer.email) is
/// replaced by the SHA-256 the warehouse keeps for it, so a record can still be matched but not read. The same holds
/// for quarantine reasons and the run log's warnings, which quote values ("unparsable date: 'erin@example.com'"), and
/// for addresses written with JSON escapes (<c>hank\u0040example.com</c>), which are read unescaped first.
/// </summary>
internal static partial class QuarantinePrivacy
{
    public static string Mask(string payload, WarehouseSettings settings) =>
        settings.StoreEmail ? payload : EmailAddress().Replace(Unescaped(payload), m => "sha256:" + CustomerIdentity.Hash(m.Value));

    // Only the characters an address is made of are unescaped: a payload stays valid JSON (\u0022 stays as it is).
    private static string Unescaped(string text) => text.Contains("\\u", StringComparison.OrdinalIgnoreCase)
        ? AddressCharacterEscape().Replace(text, m => ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString())
        : text;

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();

    [GeneratedRegex(@"\\u(00(?:2[5b-eB-E]|3[0-9]|4[0-9a-fA-F]|5[0-9afAF]|6[1-9a-fA-F]|7[0-9aA]))")]
    private static partial Regex AddressCharacterEscape();
}
