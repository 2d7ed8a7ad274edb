using System.Net.Http.Headers;
using System.Text.Json;

namespace Siamese.EndToEnd.Tests;

/// <summary>An item model on the camera path over RabbitMQ: the item comes back, with no per-camera setting.</summary>
public sealed class ItemCameraTests(ItemPipeline pipeline) : IClassFixture<ItemPipeline>
{
    [SkippableFact]
    public async Task AnItemModelsCameraAnswersWithTheItemWithoutACameraSetting()
    {
        Skip.IfNot(pipeline.SkipReason is null, pipeline.SkipReason);
        foreach (var (label, photos) in pipeline.Items)
        {
            var crop = await PostFrameAsync(photos[0], label);

            Assert.Equal(label, crop.GetProperty("subject").GetString());
            Assert.True(crop.GetProperty("known").GetBoolean());
            Assert.True(crop.GetProperty("distance").GetSingle() < 0.05f, $"{label}: its enrolled photo at distance {crop.GetProperty("distance")}");
        }
    }

    /// <summary>
    /// Another photo of the item: the camera's answer is the identify API's answer for the same photo (same crop,
    /// same nearest subject and distance). Whether that answer is right is the model's accuracy, which the serving
    /// benchmarks measure; the small test model may confuse two generated items.
    /// </summary>
    [SkippableFact]
    public async Task ACameraFrameIsAnsweredAsTheIdentifyApiAnswersTheSamePhoto()
    {
        Skip.IfNot(pipeline.SkipReason is null, pipeline.SkipReason);
        foreach (var (label, photos) in pipeline.Items)
        {
            var crop = await PostFrameAsync(photos[2], label);

            using var body = new ByteArrayContent(await File.ReadAllBytesAsync(photos[2]));
            body.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            using var response = await pipeline.Match.PostAsync(new Uri($"/v1/tenants/{pipeline.Tenant}/identify", UriKind.Relative), body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"identify: {(int)response.StatusCode} {text}");
            using var api = JsonDocument.Parse(text);
            var nearest = Assert.Single(api.RootElement.GetProperty("results").EnumerateArray()).GetProperty("candidates")[0];

            Assert.Equal(nearest.GetProperty("subjectId").GetString(), crop.GetProperty("subject").GetString());
            Assert.Equal(nearest.GetProperty("distance").GetSingle(), crop.GetProperty("distance").GetSingle(), 1e-3f);
        }
    }

    [SkippableFact]
    public async Task HostsSetToTransientMessagesHandTheBrokerDeliveryMode1AndFramesStillComeBack()
    {
        Skip.IfNot(pipeline.SkipReason is null, pipeline.SkipReason);
        await using var probe = await DeliveryModeProbe.BindAsync<Siamese.Contracts.FrameIdentified>();
        var (label, photos) = pipeline.Items.First();

        await PostFrameAsync(photos[0], label);

        Assert.False(await probe.FirstIsPersistentAsync(TimeSpan.FromSeconds(30)), "Messaging__PersistentMessages=false, yet match published a persistent FrameIdentified");
    }

    private async Task<JsonElement> PostFrameAsync(string photo, string label)
    {
        var id = await pipeline.Frames.PostAsync(await File.ReadAllBytesAsync(photo), "shelf-" + label);
        var result = await pipeline.Frames.WaitAsync(id, TimeSpan.FromMilliseconds(50)).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(result.Status == "Done", $"{label}: {result.Status} {result.Reason}\n{pipeline.Logs}");
        return Assert.Single(result.Body.GetProperty("crops").EnumerateArray()).Clone();
    }
}
