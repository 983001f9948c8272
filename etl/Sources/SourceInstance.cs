using System.Text.RegularExpressions;
using Warehouse.Schema;

namespace Warehouse.Etl.Sources;

/// <summary>
/// One configured instance of a source: a store, a helpdesk, a CRM portal, a drop folder. The single form of
/// configuration (<c>Sources:Shopify:BaseUrl</c>) is the instance <c>default</c>.
/// </summary>
public sealed partial record SourceInstance(string Source, string Name)
{
    public const string DefaultName = SourceInstanceColumn.Default;

    public static SourceInstance Default(string source) => new(source, DefaultName);

    public bool IsDefault => Name == DefaultName;

    /// <summary>
    /// The name loads, cursors, quarantine, run steps, locks and jobs know the instance by: the source alone for the
    /// default instance (as before instances existed), <c>Source:name</c> for another.
    /// </summary>
    public string Key => IsDefault ? Source : $"{Source}:{Name}";

    /// <summary>The configuration key of one of the instance's settings, for messages.</summary>
    public string SettingKey(string setting) => IsDefault ? $"Sources:{Source}:{setting}" : $"Sources:{Source}:Instances:{Name}:{setting}";

    /// <summary>
    /// A source's own id made unique across its instances: unchanged for the default instance (so a warehouse from
    /// before instances keeps its keys), <c>name:id</c> for another, so two stores' order 9000001 are two orders.
    /// </summary>
    public string Qualify(string id) => IsDefault ? id : $"{Name}:{id}";

    public string? QualifyOptional(string? id) => id is null ? null : Qualify(id);

    /// <summary>Instance names: letters, digits, '-' and '_', up to 20 characters; kept in lower case.</summary>
    public static bool IsValidName(string name) => ValidName().IsMatch(name);

    /// <summary>A source or <c>source:instance</c> as typed on the command line, with the source's canonical name.</summary>
    public static (string Source, string? Instance) ParseSelector(string selector)
    {
        var colon = selector.IndexOf(':', StringComparison.Ordinal);
        var source = SourceModules.Find(colon < 0 ? selector : selector[..colon]).Name;
        return (source, colon < 0 ? null : selector[(colon + 1)..].ToLowerInvariant());
    }

    public override string ToString() => Key;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$")]
    private static partial Regex ValidName();
}
