namespace Siamese.Standalone.Tests;

/// <summary><c>serve</c>'s arguments: short options and settings become configuration; anything else is refused by name.</summary>
public sealed class ServeArgumentsTests
{
    [Fact]
    public void ShortOptionsSettingsAndHostKeysBecomeConfiguration()
    {
        var configuration = ServeArguments.ToConfiguration(
            ["--model", "m.onnx", "--open", "--listen=0.0.0.0", "--Match:Index", "Embedded", "--Embed:MaxBatchSize=8", "--urls", "http://127.0.0.1:5000"]);

        Assert.Equal(
            ["--Models:Embedding", "m.onnx", "--Security:Mode=Open", "--Listen=0.0.0.0", "--Match:Index", "Embedded", "--Embed:MaxBatchSize=8", "--urls", "http://127.0.0.1:5000"],
            configuration);
    }

    [Theory]
    [InlineData(new[] { "--modle", "x.onnx" }, "Unknown serve option '--modle'. Options: --model,")]
    [InlineData(new[] { "--model" }, "--model needs a value.")]
    [InlineData(new[] { "--model", "--open" }, "--model needs a value.")]
    [InlineData(new[] { "sevre" }, "Unexpected argument 'sevre'")]
    public void AnythingElseIsRefusedByName(string[] args, string expected)
    {
        var refused = Assert.Throws<ArgumentException>(() => ServeArguments.ToConfiguration(args));

        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
    }
}
