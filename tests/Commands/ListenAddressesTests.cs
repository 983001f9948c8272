using Microsoft.Extensions.Configuration;
using Warehouse.Jobs.Host;

namespace Warehouse.Tests.Commands;

/// <summary>Where serve listens: the command line, then the Urls setting, ASPNETCORE_URLS, ASPNETCORE_HTTP(S)_PORTS, then the local default.</summary>
public sealed class ListenAddressesTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Test]
    public void The_command_line_wins_over_every_setting() =>
        Assert.That(ListenAddresses.Resolve("http://127.0.0.1:7001", Configuration(("Urls", "http://127.0.0.1:7002"), ("ASPNETCORE_URLS", "http://127.0.0.1:7003"), ("ASPNETCORE_HTTP_PORTS", "7004"))),
            Is.EqualTo("http://127.0.0.1:7001"));

    [Test]
    public void The_Urls_setting_comes_before_the_environment_conventions() =>
        Assert.That(ListenAddresses.Resolve(null, Configuration(("Urls", "http://127.0.0.1:7002"), ("ASPNETCORE_URLS", "http://127.0.0.1:7003"))), Is.EqualTo("http://127.0.0.1:7002"));

    [Test]
    public void Ports_listen_on_every_interface() =>
        Assert.That(ListenAddresses.Resolve(null, Configuration(("ASPNETCORE_HTTP_PORTS", "8080;8081"), ("ASPNETCORE_HTTPS_PORTS", "8443"))), Is.EqualTo("http://*:8080;http://*:8081;https://*:8443"));

    [Test]
    public void Nothing_set_is_the_local_default() =>
        Assert.That(ListenAddresses.Resolve(null, Configuration()), Is.EqualTo("http://127.0.0.1:5080"));

    [Test]
    public void A_port_that_is_not_a_number_is_refused_naming_the_variable() =>
        Assert.That(() => ListenAddresses.Resolve(null, Configuration(("ASPNETCORE_HTTP_PORTS", "eighty"))),
            Throws.InvalidOperationException.With.Message.EqualTo("ASPNETCORE_HTTP_PORTS holds 'eighty', which is not a port number."));
}
