using System.Text.Json;
using MassTransit.Serialization;
using Siamese.Contracts;

namespace Siamese.Match.Tests;

/// <summary>
/// Embeddings cross the bus as base64 of their little-endian single-precision values (<see cref="VectorJsonConverter"/>),
/// serialised with MassTransit's own JSON options; messages of older senders (arrays of numbers) are still read.
/// </summary>
public sealed class VectorWireFormatTests
{
    private static readonly JsonSerializerOptions Bus = SystemTextJsonMessageSerializer.Options;

    [Fact]
    public void AVectorTravelsAsBase64AndComesBackBitForBit()
    {
        float[] vector = [0.25f, -1.5e-7f, -0f, float.MaxValue, 3.14159274f, float.Epsilon];
        var message = Message(vector);

        var json = JsonSerializer.Serialize(message, Bus);
        var back = JsonSerializer.Deserialize<EmbeddingsComputed>(json, Bus)!;

        var written = JsonDocument.Parse(json).RootElement.GetProperty("embeddings")[0].GetProperty("vector");
        Assert.Equal(JsonValueKind.String, written.ValueKind);
        Assert.Equal(vector.Length * sizeof(float), written.GetBytesFromBase64().Length);
        Assert.Equal(vector.Select(BitConverter.SingleToInt32Bits), back.Embeddings[0].Vector.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void AVectorOfAnOlderSenderAsAnArrayOfNumbersIsRead()
    {
        var json = JsonSerializer.Serialize(Message([1f]), Bus).Replace($"\"{Base64Of([1f])}\"", "[0.5,-2,1e-3]", StringComparison.Ordinal);

        var back = JsonSerializer.Deserialize<EmbeddingsComputed>(json, Bus)!;

        Assert.Equal([0.5f, -2f, 1e-3f], back.Embeddings[0].Vector);
    }

    [Theory]
    [InlineData("\"AAAAAAA=\"", "5 bytes")]
    [InlineData("[1,\"x\"]", "not a number")]
    [InlineData("{}", "base64 string or an array of numbers")]
    public void AMalformedVectorIsRefusedSayingWhy(string vector, string expected)
    {
        var json = JsonSerializer.Serialize(Message([1f]), Bus).Replace($"\"{Base64Of([1f])}\"", vector, StringComparison.Ordinal);

        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<EmbeddingsComputed>(json, Bus));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static string Base64Of(float[] vector) => Convert.ToBase64String([.. vector.SelectMany(BitConverter.GetBytes)]);

    private static EmbeddingsComputed Message(float[] vector) =>
        new(Guid.NewGuid(), "shop", "cam-1", DateTimeOffset.UnixEpoch, "m:1", [new CropEmbedding(0, new BoundingBox(1, 2, 3, 4), 0.9f, vector)], []);
}
