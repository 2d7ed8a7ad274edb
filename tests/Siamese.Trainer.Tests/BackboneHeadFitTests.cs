using Siamese.Trainer.Towers;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

public sealed class BackboneHeadFitTests
{
    [Fact]
    public void TheFittedHeadShrinksWhatVariesWithinAnIdentityAndKeepsWhatSeparatesThem()
    {
        // 12 identities: a small mean offset in 8 dimensions; photos of one identity vary a lot along 8 others.
        var random = new Random(5);
        var features = new List<float[]>();
        var identities = new List<int>();
        var means = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        for (var id = 0; id < 12; id++)
        {
            for (var k = 0; k < 10; k++)
            {
                var f = new float[64];
                for (var d = 0; d < 8; d++)
                {
                    f[d] = 2 + means[id][d] + (0.02f * (float)random.NextDouble());
                    f[8 + d] = 2 + (3 * (float)random.NextDouble());
                }

                features.Add(f);
                identities.Add(id);
            }
        }

        using var head = (BackboneTower)TowerFactory.Create(new TowerOptions(TowerKind.Backbone, 1, 64, EmbeddingDimension: 16));
        var before = NearestNeighbourAccuracy(Unit(features), identities);

        BackboneHeadFit.Fit(head, features, identities);
        head.eval();
        using var noGrad = no_grad();
        var embedded = head.call(tensor([.. features.SelectMany(f => f)], [features.Count, 1, 1, 64]));
        var after = NearestNeighbourAccuracy([.. Enumerable.Range(0, features.Count).Select(i => embedded[i].data<float>().ToArray())], identities);

        Assert.True(after > 0.95 && after > before + 0.3, $"nearest-neighbour accuracy {before:P0} on the features, {after:P0} after the fit");
    }

    private static float[][] Unit(IEnumerable<float[]> vectors) =>
        [.. vectors.Select(v => v.Select(x => x / MathF.Sqrt(v.Sum(y => y * y))).ToArray())];

    private static double NearestNeighbourAccuracy(float[][] vectors, IReadOnlyList<int> identities)
    {
        var correct = 0;
        for (var i = 0; i < vectors.Length; i++)
        {
            var nearest = Enumerable.Range(0, vectors.Length).Where(j => j != i)
                .MinBy(j => vectors[i].Zip(vectors[j], (a, b) => (a - b) * (a - b)).Sum());
            correct += identities[nearest] == identities[i] ? 1 : 0;
        }

        return (double)correct / vectors.Length;
    }
}
