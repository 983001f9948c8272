using System.Text.RegularExpressions;
using Warehouse.Etl.Sources;

namespace Warehouse.Etl.Landing;

/// <summary>
/// A quarantined payload keeps personal data no better than the warehouse does: unless Warehouse:StoreEmail is
/// on, every e-mail address in it (a survey row's respondent_email, an order's email and customer.email) is
/// replaced by the SHA-256 the warehouse keeps for it, so a record can still be matched but not read.
/// </summary>
internal static partial class QuarantinePrivacy
{
    public static string Mask(string payload, WarehouseSettings settings) =>
        settings.StoreEmail ? payload : EmailAddress().Replace(payload, m => "sha256:" + CustomerIdentity.Hash(m.Value));

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();
}
