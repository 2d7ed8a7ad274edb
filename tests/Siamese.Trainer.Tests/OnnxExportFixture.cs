using Siamese.Trainer.Onnx;
using Siamese.Trainer.Towers;

namespace Siamese.Trainer.Tests;

/// <summary>Both towers, trained a few steps and exported once, shared by the ONNX tests.</summary>
public sealed class OnnxExportFixture : IDisposable
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("siamese-onnx-").FullName;
    private readonly Dictionary<TowerKind, Tower> towers = [];

    public OnnxExportFixture()
    {
        // The backbone tower is exported with its ResNet18 in front (BackboneExportTests).
        foreach (var kind in Enum.GetValues<TowerKind>().Where(k => k != TowerKind.Backbone))
        {
            var tower = TowerTestData.TrainedTower(kind);
            towers[kind] = tower;
            OnnxExporter.Export(tower, TowerTestData.MetadataFor(tower), PathOf(kind));
        }
    }

    public string Directory => directory;

    public Tower Tower(TowerKind kind) => towers[kind];

    public string PathOf(TowerKind kind) => Path.Combine(directory, $"{kind}.onnx");

    public void Dispose()
    {
        foreach (var tower in towers.Values)
        {
            tower.Dispose();
        }

        System.IO.Directory.Delete(directory, recursive: true);
    }
}
