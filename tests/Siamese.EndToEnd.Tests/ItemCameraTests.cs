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
            var id = await pipeline.Frames.PostAsync(await File.ReadAllBytesAsync(photos[2]), "shelf-" + label);
            var result = await pipeline.Frames.WaitAsync(id, TimeSpan.FromMilliseconds(50)).WaitAsync(TimeSpan.FromMinutes(2));

            Assert.True(result.Status == "Done", $"{label}: {result.Status} {result.Reason}\n{pipeline.Logs}");
            var crop = Assert.Single(result.Body.GetProperty("crops").EnumerateArray());
            Assert.Equal(label, crop.GetProperty("subject").GetString());
            Assert.True(crop.GetProperty("known").GetBoolean());
        }
    }
}
