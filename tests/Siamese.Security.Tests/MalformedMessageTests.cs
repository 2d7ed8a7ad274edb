using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;

namespace Siamese.Security.Tests;

/// <summary>A gRPC request whose message cannot be read is the caller's fault: INVALID_ARGUMENT, never UNKNOWN or INTERNAL.</summary>
public sealed class MalformedMessageTests
{
    public static TheoryData<string, byte[]> BrokenBodies => new()
    {
        { "truncated varint", Frame([0x08, 0xFF, 0xFF]) },
        { "length past the end", Frame([0x0A, 0x7F, 0x01]) },
        { "wire type 7", Frame([0x0F, 0x01]) },
        { "no message", [] },
        { "header only", [0, 0, 0] },
        { "header announces more than follows", [0, 0, 0, 0, 100, 1, 2, 3] },
        { "compressed without an encoding", [1, 0, 0, 0, 2, 0x08, 0x01] },
        { "undefined flag", [2, 0, 0, 0, 0] },
        { "two messages", [.. Frame([]), .. Frame([])] },
    };

    [Theory]
    [MemberData(nameof(BrokenBodies))]
    public async Task ABrokenRequestMessageIsInvalidArgument(string what, byte[] body)
    {
        await using var host = await SecuredHost.StartAsync();

        var (status, message) = await SendAsync(host, "/siamese.v1.Admin/CreateTenant", body);

        Assert.True(status == StatusCode.InvalidArgument, $"{what}: {status} {message}");
        Assert.DoesNotContain("Siamese.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWellFormedMessageStillReachesTheService()
    {
        await using var host = await SecuredHost.StartAsync();

        // CreateTenant { tenant = "acme" }
        var (status, _) = await SendAsync(host, "/siamese.v1.Admin/CreateTenant", Frame([0x0A, 4, (byte)'a', (byte)'c', (byte)'m', (byte)'e']));

        Assert.Equal(StatusCode.OK, status);
    }

    private static async Task<(StatusCode Status, string Message)> SendAsync(SecuredHost host, string path, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Version = HttpVersion.Version20, Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("x-api-key", SecuredHost.AdminKey);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await host.Http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var status = Value(response, "grpc-status") ?? "-1";
        return ((StatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), Uri.UnescapeDataString(Value(response, "grpc-message") ?? ""));
    }

    private static string? Value(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var t) ? t.First() : response.Headers.TryGetValues(name, out var h) ? h.First() : null;

    private static byte[] Frame(byte[] payload) => [0, 0, 0, 0, (byte)payload.Length, .. payload];
}
