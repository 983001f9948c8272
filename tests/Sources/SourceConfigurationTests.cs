using Microsoft.Extensions.Configuration;
using Warehouse.Etl.Sources;

namespace Warehouse.Tests.Sources;

/// <summary>How instances are read from configuration: the single form, shared settings, and the errors that name their key.</summary>
public sealed class SourceConfigurationTests
{
    private static IConfiguration Config(params IEnumerable<KeyValuePair<string, string?>>[] layers)
    {
        var builder = new ConfigurationBuilder();
        foreach (var layer in layers) builder.AddInMemoryCollection(layer);
        return builder.Build();
    }

    [Test]
    public void The_single_form_is_the_instance_default()
    {
        var instances = SourceConfiguration.Instances(Config(new Dictionary<string, string?>() { ["Sources:Shopify:BaseUrl"] = "https://a.example/", ["Sources:Shopify:Lookback"] = "00:05:00" }), "Shopify");

        var only = instances.Single();
        Assert.That((only.Instance.Key, only.Instance.Name, only.Error), Is.EqualTo(("Shopify", "default", (string?)null)));
        Assert.That((only.Settings!.BaseUrl, only.Settings.Lookback), Is.EqualTo(("https://a.example/", TimeSpan.FromMinutes(5))));
    }

    [Test]
    public void An_instance_takes_the_settings_it_leaves_out_from_the_source_and_its_own_lists_replace_the_shared_ones()
    {
        var instances = SourceConfiguration.Instances(Config(new Dictionary<string, string?>()
        {
            ["Sources:Shopify:Token"] = "shared-token",
            ["Sources:Shopify:Http:RequestsPerSecond"] = "7",
            ["Sources:Shopify:SegmentTags:0"] = "vip",
            ["Sources:Shopify:SegmentTags:1"] = "retail",
            ["Sources:Shopify:Instances:EU:BaseUrl"] = "https://eu.example/",
            ["Sources:Shopify:Instances:EU:Http:MaxRetries"] = "9",
            ["Sources:Shopify:Instances:EU:SegmentTags:0"] = "gold",
            ["Sources:Shopify:Instances:us:BaseUrl"] = "https://us.example/",
            ["Sources:Shopify:Instances:us:Token"] = "us-token",
        }), "Shopify");

        Assert.That(instances.Select(i => i.Instance.Key), Is.EqualTo(new[] { "Shopify:eu", "Shopify:us" }), "names are kept in lower case");
        var eu = instances[0].Settings!;
        var us = instances[1].Settings!;
        Assert.That((eu.BaseUrl, eu.Token, eu.Http.RequestsPerSecond, eu.Http.MaxRetries), Is.EqualTo(("https://eu.example/", "shared-token", 7.0, 9)));
        Assert.That(eu.SegmentTags, Is.EqualTo(new[] { "gold" }));
        Assert.That((us.BaseUrl, us.Token), Is.EqualTo(("https://us.example/", "us-token")));
        Assert.That(us.SegmentTags, Is.EqualTo(new[] { "vip", "retail" }));
    }

    [Test]
    public void An_unknown_setting_fails_that_instance_only_naming_the_key()
    {
        var instances = SourceConfiguration.Instances(Config(new Dictionary<string, string?>()
        {
            ["Sources:Zendesk:Instances:eu:BaseUrll"] = "https://eu.example/",
            ["Sources:Zendesk:Instances:us:BaseUrl"] = "https://us.example/",
        }), "Zendesk");

        Assert.That(instances[0].Error, Does.StartWith("Sources:Zendesk:Instances:eu:").And.Contain("BaseUrll"));
        Assert.That((instances[1].Error, instances[1].Settings!.BaseUrl), Is.EqualTo(((string?)null, "https://us.example/")));
    }

    [Test]
    public void Two_names_differing_only_in_case_are_an_error_naming_both()
    {
        // A file says "EU", the environment "eu": configuration keys ignore case, so they would silently merge.
        var config = Config(new Dictionary<string, string?>() { ["Sources:HubSpot:Instances:EU:BaseUrl"] = "https://a.example/" }, new Dictionary<string, string?>() { ["Sources:HubSpot:Instances:eu:Token"] = "t" });

        var instance = SourceConfiguration.Instances(config, "HubSpot").Single();

        Assert.That(instance.Error, Does.StartWith("Sources:HubSpot:Instances:").And.Contain("'EU' and 'eu' differ only in case"));
    }

    [Test]
    public void An_instance_name_outside_letters_digits_dash_and_underscore_is_refused()
    {
        var instance = SourceConfiguration.Instances(Config(new Dictionary<string, string?>() { ["Sources:Files:Instances:drop folder:Root"] = "/tmp" }), "Files").Single();

        Assert.That(instance.Error, Does.Contain("'drop folder' is not an instance name"));
    }

    [Test]
    public void A_missing_base_url_is_named_by_the_instance_key_when_the_connector_is_built()
    {
        var configured = SourceConfiguration.Instances(Config(new Dictionary<string, string?>() { ["Sources:Shopify:Instances:eu:Token"] = "t" }), "Shopify").Single();

        var error = Assert.Throws<InvalidOperationException>(() => SourceModules.Create(configured.Instance, configured.Settings!, null!));

        Assert.That(error!.Message, Does.StartWith("Sources:Shopify:Instances:eu:BaseUrl is not set"));
    }
}
