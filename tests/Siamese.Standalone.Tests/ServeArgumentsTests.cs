using Microsoft.Extensions.Configuration;

namespace Siamese.Standalone.Tests;

/// <summary><c>serve</c>'s arguments: short options and settings become configuration; anything else is refused by name.</summary>
public sealed class ServeArgumentsTests
{
    [Fact]
    public void ShortOptionsSettingsAndHostKeysBecomeConfiguration()
    {
        var configuration = ServeArguments.ToConfiguration(
            ["--model", "m.onnx", "--open", "--listen=0.0.0.0", "--Match:Index", "Embedded", "--Embed:MaxBatchSize=8", "--environment", "Development"]);

        Assert.Equal(
            ["--Models:Embedding", "m.onnx", "--Security:Mode=Open", "--Listen=0.0.0.0", "--Match:Index", "Embedded", "--Embed:MaxBatchSize=8", "--environment", "Development"],
            configuration);
    }

    [Theory]
    [InlineData(new[] { "--modle", "x.onnx" }, "Unknown serve option '--modle'. Options: --model,")]
    [InlineData(new[] { "--model" }, "--model needs a value.")]
    [InlineData(new[] { "--model", "--open" }, "--model needs a value.")]
    // Empty, a short option read as not given at all: --listen "" started on loopback, --model= said no model was set.
    [InlineData(new[] { "--listen", "" }, "--listen needs a value.")]
    [InlineData(new[] { "--model=" }, "--model needs a value.")]
    [InlineData(new[] { "--data-dir", "  " }, "--data-dir needs a value.")]
    [InlineData(new[] { "sevre" }, "Unexpected argument 'sevre'")]
    // Kestrel binds appsettings.json's endpoints and only logged that it ignored --urls: the host started elsewhere.
    [InlineData(new[] { "--urls", "http://127.0.0.1:5000" }, "--urls is not used: the host listens on the endpoints of its appsettings.json (Kestrel:Endpoints), which win over --urls. Move them with --Kestrel:Endpoints:Http:Url <url> (and --Kestrel:Endpoints:Grpc:Url <url> where the host serves gRPC), or keep their ports on another address with --listen <address>.")]
    public void AnythingElseIsRefusedByName(string[] args, string expected)
    {
        var refused = Assert.Throws<ArgumentException>(() => ServeArguments.ToConfiguration(args));

        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0", "http://0.0.0.0:8080")]
    [InlineData("::1", "http://[::1]:8080")]
    [InlineData("[::]", "http://[::]:8080")]
    [InlineData("localhost", "http://localhost:8080")]
    public void ListenMovesEveryEndpointKeepingItsPort(string listen, string expected)
    {
        var configuration = Configuration(listen);

        ListenAddress.Apply(configuration);

        Assert.Equal(expected, configuration["Kestrel:Endpoints:Http:Url"]);
        Assert.EndsWith(":8091", configuration["Kestrel:Endpoints:Grpc:Url"], StringComparison.Ordinal);
    }

    [Theory]
    // Kestrel listened on every interface ([::]) for these: a typo or a machine name opened the host to every network.
    [InlineData("999.1.1.1")]
    [InlineData("shop-camera-host")]
    [InlineData("http://0.0.0.0")]
    public void ListenRefusesWhatIsNotAnAddress(string listen)
    {
        var configuration = Configuration(listen);

        var refused = Assert.Throws<ArgumentException>(() => ListenAddress.Apply(configuration));

        Assert.StartsWith($"--listen (setting Listen) takes an IP address or localhost, not '{listen}'", refused.Message, StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:8080", configuration["Kestrel:Endpoints:Http:Url"]);
    }

    private static ConfigurationManager Configuration(string listen)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:8080",
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:8091",
            [ListenAddress.Key] = listen,
        });
        return configuration;
    }
}
