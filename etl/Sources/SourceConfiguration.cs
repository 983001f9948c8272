using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Warehouse.Etl.Sources;

/// <summary>An instance as configured: its settings, or the error that keeps it from running (the other instances still run).</summary>
public sealed record ConfiguredInstance(SourceInstance Instance, SourceSettings? Settings, string? Error)
{
    public bool Enabled => Settings?.Enabled ?? true;
}

/// <summary>
/// The instances of a source from its configuration section <c>Sources:&lt;Source&gt;</c>. Without an
/// <c>Instances</c> subsection the section itself is the instance <c>default</c> (the form used before instances
/// existed). With one, each <c>Instances:&lt;name&gt;</c> is an instance, and a setting it leaves out comes from
/// <c>Sources:&lt;Source&gt;</c>. A setting name the warehouse does not know, an invalid instance name, or two names
/// differing only in case are errors naming the key.
/// </summary>
public static partial class SourceConfiguration
{
    public const string InstancesKey = "Instances";

    public static IReadOnlyList<ConfiguredInstance> Instances(IConfiguration configuration, string source)
    {
        var section = configuration.GetSection($"Sources:{source}");
        if (!section.Exists() && SourceModules.Find(source).OffUntilConfigured) return [new ConfiguredInstance(SourceInstance.Default(source), new SourceSettings { Enabled = false }, null)];
        var shared = Settings(section, exceptInstances: true);
        var named = section.GetSection(InstancesKey).GetChildren().ToList();
        if (named.Count == 0) return [Bind(SourceInstance.Default(source), shared, [], section.Path)];

        var spellings = Spellings(configuration, section.GetSection(InstancesKey).Path);
        return named.Select(instance =>
        {
            var name = instance.Key.ToLowerInvariant();
            var si = new SourceInstance(source, SourceInstance.IsValidName(instance.Key) ? name : instance.Key);
            if (!SourceInstance.IsValidName(instance.Key))
            {
                return new ConfiguredInstance(si, null, $"{instance.Path}: '{instance.Key}' is not an instance name (letters, digits, '-' and '_', up to 20 characters).");
            }

            if (spellings.TryGetValue(name, out var forms) && forms.Count > 1)
            {
                return new ConfiguredInstance(si, null, $"{instance.Path}: the instance names {string.Join(" and ", forms.Select(f => $"'{f}'"))} differ only in case; name each instance once.");
            }

            return Bind(si, shared, Settings(instance, exceptInstances: false), instance.Path);
        }).ToList();
    }

    /// <summary>Every instance of every registered source, in registration order.</summary>
    public static IReadOnlyList<ConfiguredInstance> All(IConfiguration configuration) =>
        SourceModules.Names.SelectMany(source => Instances(configuration, source)).ToList();

    /// <summary>The instances a command-line selector names: a source (all its instances) or <c>source:instance</c>.</summary>
    public static IReadOnlyList<ConfiguredInstance> Select(IConfiguration configuration, string selector)
    {
        var (source, instance) = SourceInstance.ParseSelector(selector);
        var all = Instances(configuration, source);
        if (instance is null) return all;
        var one = all.Where(i => i.Instance.Name == instance).ToList();
        return one.Count > 0 ? one
            : throw new ArgumentException($"{source} has no instance '{instance}'. Its instances: {string.Join(", ", all.Select(i => i.Instance.Name))}.");
    }

    /// <summary>The one instance known by its key (<c>Shopify</c> or <c>Shopify:eu</c>), as jobs and etl tables name it.</summary>
    public static ConfiguredInstance ByKey(IConfiguration configuration, string key)
    {
        var (source, instance) = SourceInstance.ParseSelector(key);
        return Select(configuration, instance is null ? source + ":" + SourceInstance.DefaultName : key).Single();
    }

    private static ConfiguredInstance Bind(SourceInstance instance, Dictionary<string, string?> shared, Dictionary<string, string?> own, string path)
    {
        // A list the instance sets replaces the shared one instead of overlaying it item by item.
        var ownLists = own.Keys.Select(k => ListItem().Match(k)).Where(m => m.Success).Select(m => m.Groups["list"].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in shared)
        {
            if (ListItem().Match(key) is { Success: true } m && ownLists.Contains(m.Groups["list"].Value)) continue;
            merged[key] = value;
        }

        foreach (var (key, value) in own) merged[key] = value;
        try
        {
            var settings = new SourceSettings();
            if (merged.Keys.Any(k => ListItem().Match(k) is { Success: true } m && m.Groups["list"].Value.Equals(nameof(SourceSettings.SegmentTags), StringComparison.OrdinalIgnoreCase)))
            {
                settings.SegmentTags.Clear(); // the binder adds to a list: a configured list replaces the built-in one
            }

            new ConfigurationBuilder().AddInMemoryCollection(merged).Build().Bind(settings, o => o.ErrorOnUnknownConfiguration = true);
            return new ConfiguredInstance(instance, settings, null);
        }
        catch (InvalidOperationException ex)
        {
            return new ConfiguredInstance(instance, null, $"{path}: {ex.Message}");
        }
    }

    /// <summary>The section's settings as relative keys, without the instances beneath it.</summary>
    private static Dictionary<string, string?> Settings(IConfigurationSection section, bool exceptInstances) =>
        section.AsEnumerable(makePathsRelative: true)
            .Where(p => p.Value is not null)
            .Where(p => !exceptInstances || !(p.Key.Equals(InstancesKey, StringComparison.OrdinalIgnoreCase) || p.Key.StartsWith(InstancesKey + ":", StringComparison.OrdinalIgnoreCase)))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Each instance name as every configuration provider spells it. Keys are case-insensitive, so "EU" in a file and
    /// "eu" in the environment would silently become one instance: they are an error instead.
    /// </summary>
    private static Dictionary<string, List<string>> Spellings(IConfiguration configuration, string instancesPath)
    {
        var names = new List<string>();
        if (configuration is IConfigurationRoot root)
        {
            foreach (var provider in root.Providers) names.AddRange(provider.GetChildKeys([], instancesPath));
        }

        return names.Distinct(StringComparer.Ordinal).GroupBy(n => n.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.ToList());
    }

    [GeneratedRegex(@"^(?<list>[^:]+):\d+$")]
    private static partial Regex ListItem();
}
