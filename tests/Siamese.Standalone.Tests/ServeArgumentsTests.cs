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
    [InlineData(new[] { "sevre" }, "Unexpected argument 'sevre'")]
    // Kestrel binds appsettings.json's endpoints and only logged that it ignored --urls: the host started elsewhere.
    [InlineData(new[] { "--urls", "http://127.0.0.1:5000" }, "--urls is not used: the host listens on the endpoints of its appsettings.json (Kestrel:Endpoints), which win over --urls. Move them with --Kestrel:Endpoints:Http:Url <url> (and --Kestrel:Endpoints:Grpc:Url <url> where the host serves gRPC), or keep their ports on another address with --listen <address>.")]
    public void AnythingElseIsRefusedByName(string[] args, string expected)
    {
        var refused = Assert.Throws<ArgumentException>(() => ServeArguments.ToConfiguration(args));

        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
    }
}
