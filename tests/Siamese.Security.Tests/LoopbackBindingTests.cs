namespace Siamese.Security.Tests;

public sealed class LoopbackBindingTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://10.1.2.3:8080", false)]
    [InlineData("http://example.com:8080", false)]
    public void OnlyLoopbackAddressesCountAsLoopback(string url, bool loopback) => Assert.Equal(loopback, LoopbackBinding.IsLoopback(url));
}
