using System.Net.Http.Headers;
using Siamese.Imaging;
using Siamese.Model;

namespace Siamese.Standalone.Tests;

/// <summary>
/// Camera frames through the standalone host's in-memory bus (ingest → detect → embed → match → ingest): an item model's
/// camera answers with the item with no camera setting, and a frame without crops says why.
/// </summary>
public sealed class CameraResultTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    [ModelFact]
    public async Task AnItemModelsCameraAnswersWithTheItemWithoutACameraSetting()
    {
        using var data = new TempDirectory();
        var items = SyntheticDataset.Generate(data.Path, classes: 2, perClass: 3, seed: 20_261_130).GroupBy(i => i.Label).ToList();

        // YuNet is configured (when the shared models are here) and no camera is: the item model alone decides.
        await using var host = await StandaloneTestHost.StartAsync(TestModel.Path!);
        foreach (var item in items)
        {
            await EnrolAsync(host.Http, item.Key, item.First().Path);
        }

        var frames = new FrameClient(host.Http, null);
        var id = await frames.PostAsync(await File.ReadAllBytesAsync(items[0].ElementAt(2).Path), "shelf-1");
        var result = await frames.WaitAsync(id, Poll).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal("Done", result.Status);
        var crop = Assert.Single(result.Body.GetProperty("crops").EnumerateArray());
        Assert.Equal(items[0].Key, crop.GetProperty("subject").GetString());
        // The name enrolled, as Identify answers it: before, a camera's owner saw only the subject id.
        Assert.Equal($"Item {items[0].Key}", crop.GetProperty("displayName").GetString());
        Assert.True(crop.GetProperty("known").GetBoolean());
        Assert.Null(result.Reason);
    }

    [SharedDataFact(needsOrl: false)]
    public async Task AFaceModelsFrameWithoutAFaceSaysNoFaceFound()
    {
        using var models = new TempDirectory();
        var model = PixelModel.Write(Path.Combine(models.Path, "faces.onnx"), 56, 46, ModelCrops.YuNetAligned);
        await using var host = await StandaloneTestHost.StartAsync(model);
        var frames = new FrameClient(host.Http, null);

        var id = await frames.PostAsync(ImageEncoder.EncodePng(StandaloneHostTests.Gradient(90)), "door-1");
        var result = await frames.WaitAsync(id, Poll).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal("Done", result.Status);
        Assert.Empty(result.Body.GetProperty("crops").EnumerateArray());
        Assert.Contains("no face found", result.Reason, StringComparison.Ordinal);
    }

    private static async Task EnrolAsync(HttpClient http, string subject, string photo)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(photo));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "image", Path.GetFileName(photo));
        form.Add(new StringContent($"Item {subject}"), "displayName");
        using var response = await http.PostAsync($"/v1/tenants/default/subjects/{subject}/examples", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
