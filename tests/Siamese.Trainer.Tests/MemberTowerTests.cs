using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

/// <summary>The conv tower with member towers (--members): one embedding of its members', exported as one model.</summary>
public sealed class MemberTowerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("siamese-members-").FullName;

    [Fact]
    public void TheEmbeddingJoinsTheMembersUnitLengthEmbeddingsWhichDiffer()
    {
        using var tower = TowerTestData.TrainedTower(TowerKind.Conv, members: 3);
        using var plain = TowerTestData.TrainedTower(TowerKind.Conv);
        const int count = 4;
        var batch = TowerTestData.RandomBatch(count, seed: 9);

        using var embeddings = tensor(TowerTestData.Embed(tower, batch, count), [count, tower.EmbeddingDimension]);
        var chunks = MemberConcat.MemberChunks(embeddings, tower.Members);

        Assert.Equal(3, tower.Members);
        Assert.Equal(3 * plain.EmbeddingDimension, tower.EmbeddingDimension);
        Assert.All(chunks, chunk => Assert.True(chunk.Squared().sum(1).Plus(-1.0).abs().max().item<float>() < 1e-5f));
        Assert.True(embeddings.Squared().sum(1).Plus(-1.0).abs().max().item<float>() < 1e-5f);
        // Each member started from its own random weights.
        Assert.True((chunks[0] - chunks[1]).abs().max().item<float>() > 1e-3f);
        Assert.True((chunks[1] - chunks[2]).abs().max().item<float>() > 1e-3f);
        // The squared distance is the mean of the members' squared distances.
        var joint = (embeddings[0] - embeddings[1]).Squared().sum().item<float>();
        var mean = chunks.Select(c => (c[0] - c[1]).Squared().sum().item<float>()).Average();
        Assert.Equal(mean, joint, 1e-5f);
    }

    [Theory]
    [InlineData(2, false, 1)]
    [InlineData(2, false, 6)]
    [InlineData(3, true, 5)]
    public void OnnxRuntimeGivesTheSameEmbeddingsAsTorchSharp(int members, bool mirror, int count)
    {
        using var tower = TowerTestData.TrainedTower(TowerKind.Conv, members: members, mirror: mirror);
        OnnxParityTests.ExportAndCompare(tower, Path.Combine(directory, $"members-{members}-{mirror}-{count}.onnx"), count, seed: 60 + count, output, $"members {members}, mirror {mirror}");
    }

    [Fact]
    public void ARunWithMembersTrainsEachAndExportsTheJoinedEmbedding()
    {
        var options = TrainingDefaults.Quick(new TrainOptions { Synthetic = true, Output = directory, Seed = 7, Quick = true, Tower = TowerKind.Conv, Members = 2 });

        var report = new TrainingPipeline(TextWriter.Null).Run(options);

        Assert.Equal(2 * new ConvTower(options.ToTowerOptions() with { Members = 1 }).EmbeddingDimension, report.Model.EmbeddingDim);
        Assert.True(report.OnnxMaxAbsDifference <= 1e-4, $"ONNX vs TorchSharp: {report.OnnxMaxAbsDifference:E2}");
        Assert.True(File.Exists(Path.Combine(directory, "model.onnx")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("9")]
    public void AMemberCountOutOfRangeIsRefusedByName(string members) =>
        Refusals.CommandLineRefuses(directory, "--synthetic", "--members", members);

    [Fact]
    public void MembersWithAnotherTowerThanConvAreRefused() =>
        Refusals.RunRefuses(directory, new TrainOptions { Synthetic = true, Tower = TowerKind.Baseline, Members = 2 }, "--members 2");

    [Fact]
    public void MembersTrainedSideBySideGetTheLossAndGradientsOfOnePassThroughTheWholeTower()
    {
        using var whole = TowerTestData.TrainedTower(TowerKind.Conv, seed: 3, members: 2);
        using var apart = TowerTestData.TrainedTower(TowerKind.Conv, seed: 3, members: 2);
        const int count = 8;
        using var x = tensor(TowerTestData.RandomBatch(count, seed: 4), [count, 1, TowerTestData.Height, TowerTestData.Width]);
        using var identities = tensor(new long[] { 0, 0, 1, 1, 2, 2, 3, 3 });
        var trainer = new Training.Trainer(new TrainOptions { Loss = LossKind.SupCon }, TextWriter.Null);
        var threads = get_num_threads();
        try
        {
            whole.train();
            apart.train();
            // At the side-by-side pass's thread count: on an AVX-512 CPU libtorch's kernels round otherwise with two
            // threads than with one (gradients apart by ~1e-6), whatever the order of the operations.
            set_num_threads(1);
            var once = trainer.Backward(whole, x, (null, identities));
            var sideBySide = trainer.BackwardSideBySide(apart.Layers.modules().OfType<MemberConcat>().Single(), x, (null, identities), threadsEach: 1);

            Assert.Equal(once, sideBySide);
            foreach (var (a, b) in whole.parameters().Zip(apart.parameters()))
            {
                Assert.Equal(0f, (a.grad! - b.grad!).abs().max().item<float>());
            }
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
