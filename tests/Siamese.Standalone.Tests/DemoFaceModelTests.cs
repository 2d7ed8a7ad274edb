using Siamese.Model;

namespace Siamese.Standalone.Tests;

/// <summary>The demo serving a model that cuts faces with YuNet, as the trainer now trains on faces it finds.</summary>
public sealed class DemoFaceModelTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [SharedDataFact]
    public async Task A_face_model_is_served_with_the_shared_YuNet_and_identifies_the_draw()
    {
        // Before: the host the demo starts had no Models:YuNet, so a model trained on faces stopped it ("Models:YuNet is
        // not set") once training had finished. The trainer cuts faces with the shared YuNet; the host now does too.
        var data = Path.Combine(_dir.Path, "faces");
        foreach (var person in new[] { "s1", "s2", "s3", "s4" })
        {
            var target = Directory.CreateDirectory(Path.Combine(data, person)).FullName;
            foreach (var image in Directory.GetFiles(Path.Combine(SharedData.OrlFaces!, person)).Order().Take(3))
            {
                File.Copy(image, Path.Combine(target, Path.GetFileName(image)));
            }
        }

        var model = PixelModel.Write(Path.Combine(_dir.Path, "faces.onnx"), 56, 46, ModelCrops.YuNetAligned);

        var (exit, output) = await CommandProcess.RunAsync(
            Repo.HostDll("standalone", "Siamese.Standalone"), ["demo", "--data", data, "--model", model, "--out", Path.Combine(_dir.Path, "demo")], TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, $"exit code {exit}:\n{output}");
        Assert.Contains("Results (all 4 classes; the first image of each enrolled, the other 8 identified over gRPC)", output, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
