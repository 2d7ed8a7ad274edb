using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Siamese.Trainer.Reporting;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

/// <summary>
/// The face tower's cohort scaling (--cohort-people): each embedding divided by its mean distance to the nearest
/// training people after the very nearest, kept where the threshold folds say it helps.
/// </summary>
public sealed class FaceCohortTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("siamese-face-cohort-").FullName;

    [Fact]
    public void EachEmbeddingIsDividedByItsMeanDistanceToTheNearestPeopleAfterTheNearest()
    {
        // People with 1 to 4 faces, so that the padding is exercised.
        var random = new Random(5);
        var (faces, personOf) = RandomFaces(random, people: 7, dimension: 6);
        using var cohort = FaceCohort.Of(faces, personOf, nearest: 3)!;
        var probes = Enumerable.Range(0, 9).Select(_ => RandomUnit(random, 6)).Concat([faces[0], faces[^1]]).ToArray();

        var scaled = cohort.Apply(probes);

        Assert.Equal(7, cohort.People);
        Assert.Equal(faces.Length, cohort.Faces);
        Assert.Equal(4, cohort.PerPerson);
        for (var i = 0; i < probes.Length; i++)
        {
            var m = ExpectedScale(probes[i], faces, personOf, nearest: 3);
            for (var d = 0; d < 6; d++)
            {
                Assert.Equal(probes[i][d] / m, scaled[i][d], 4);
            }
        }
    }

    [Fact]
    public void AFaceOfACohortPersonIsNotScaledByThatPersonsOwnFaces()
    {
        // Person 0's faces are close together, the others far: a face of person 0 is at distance 0 from itself in the
        // cohort, and its scale must still be its distance to the others, as for a new face.
        var random = new Random(9);
        var (faces, personOf) = RandomFaces(random, people: 5, dimension: 8);
        using var cohort = FaceCohort.Of(faces, personOf, nearest: 2)!;
        var own = faces[Array.IndexOf(personOf, 0)];

        using var scale = cohort.Scale(tensor(own, [1, 8]));

        var expected = ExpectedScale(own, faces.Where((_, i) => personOf[i] != 0).ToArray(), personOf.Where(p => p != 0).ToArray(), nearest: 2, skipNearest: false);
        Assert.Equal(expected, scale.item<float>(), 4);
        Assert.True(scale.item<float>() > 0.1f, "the scale fell to the face's distance to itself");
    }

    [Fact]
    public void NearestPeopleAreCutToThoseThereAreAndOnePersonGivesNoCohort()
    {
        var random = new Random(2);
        var (faces, personOf) = RandomFaces(random, people: 3, dimension: 4);

        using var cohort = FaceCohort.Of(faces, personOf, nearest: 10)!;

        Assert.Equal(2, cohort.Nearest);
        Assert.Null(FaceCohort.Of(faces.Take(1).ToArray(), [0], nearest: 3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void OnnxRuntimeGivesTheSameScaledEmbeddingsAsTorchSharp(int count)
    {
        manual_seed(8);
        var (images, labels) = PatchTowerTests.NuisanceData(identities: 8, perIdentity: 6, seed: 8);
        using var tower = new FaceTower(new TowerOptions(TowerKind.Face, TowerTestData.Height, TowerTestData.Width, ConvShare: 0.3));
        PatchFit.Fit(tower.Whitening, images, labels);
        tower.JoinCompanion();
        tower.eval();
        using var noGrad = no_grad();
        using var plain = tower.call(images);
        var values = plain.data<float>().ToArray();
        var dimension = tower.EmbeddingDimension;
        var embeddings = Enumerable.Range(0, labels.Length).Select(i => values.AsSpan(i * dimension, dimension).ToArray()).ToArray();
        tower.SetCohort(FaceCohort.Of(embeddings, labels, nearest: 3));

        OnnxParityTests.ExportAndCompare(tower, Path.Combine(directory, $"cohort-{count}.onnx"), count, seed: 90 + count, output, "face tower with a cohort");
        using var scaled = tower.call(images);
        Assert.True((scaled - plain).abs().max().item<float>() > 1e-3f, "the cohort did not change the embedding, so the comparison proves nothing");
    }

    [Theory]
    [InlineData(0.05, 0.95, 0.04, 0.95, true)]
    [InlineData(0.05, 0.95, 0.04, 0.96, true)]
    [InlineData(0.05, 0.95, 0.04, 0.94, false)]
    [InlineData(0.05, 0.95, 0.05, 0.97, false)]
    [InlineData(0.05, 0.95, 0.06, 0.97, false)]
    public void TheFoldsKeepTheCohortWhereItLowersTheEerWithoutLoweringOneShot(double plainEer, double plainAccuracy, double scaledEer, double scaledAccuracy, bool kept) =>
        Assert.Equal(kept, FaceTraining.ChooseCohort(plainEer, plainAccuracy, scaledEer, scaledAccuracy));

    [Theory]
    [InlineData("-1")]
    [InlineData("21")]
    public void CohortPeopleOutOfRangeAreRefusedByName(string people) =>
        Refusals.CommandLineRefuses(directory, "--synthetic", "--tower", "face", "--cohort-people", people);

    [Fact]
    public void CohortPeopleForAnotherTowerAreRefused() =>
        Refusals.RunRefuses(directory, new TrainOptions { Synthetic = true, Tower = TowerKind.Patch, CohortPeople = 3 }, "--cohort-people 3");

    [Fact]
    public void AFaceRunWhoseFoldsKeepTheCohortExportsAnExactModelThatResumesAndExportsAgain()
    {
        var options = TrainingDefaults.Quick(new TrainOptions { Synthetic = true, Output = directory, Seed = CohortSeed, Quick = true, Tower = TowerKind.Face, Epochs = 1 });
        var log = new StringWriter();

        var report = new TrainingPipeline(log).Run(options);

        var text = log.ToString();
        output.WriteLine(text);
        var choice = Regex.Match(text, @"Cohort scaling \(each embedding divided by its mean distance to the 3 nearest training people after the nearest; --cohort-people 0 never\): held-out EER [\d.]+ % against [\d.]+ % without, one-shot [\d.]+ % against [\d.]+ %: (kept|left out)");
        Assert.True(choice.Success, "the folds' cohort figures are not in the log");
        Assert.Equal("kept", choice.Groups[1].Value);
        Assert.Matches(@"Cohort scaling: the model divides each embedding by its mean distance to the 3 nearest of the \d+ training people after the nearest", text);
        Assert.True(report.OnnxMaxAbsDifference < 1e-4, $"ONNX differs from TorchSharp by {report.OnnxMaxAbsDifference}");
        // The threshold was read from the folds' scaled embeddings, and says so.
        Assert.EndsWith("cross-validated, cohort-scaled", report.Calibration!.Source, StringComparison.Ordinal);

        // report.json and report.md say what the folds judged the scaling on, and what the model holds for it.
        var cohort = report.Cohort!;
        Assert.True(cohort.Chosen);
        Assert.Equal(3, cohort.Nearest);
        Assert.True(cohort.FoldsEerScaled < cohort.FoldsEer && cohort.FoldsOneShotScaled >= cohort.FoldsOneShot, $"{cohort}");
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"held-out EER {cohort.FoldsEerScaled:P1} against {cohort.FoldsEer:P1} without, one-shot {cohort.FoldsOneShotScaled:P1} against {cohort.FoldsOneShot:P1}"), text, StringComparison.Ordinal);
        Assert.Equal(report.Identities.Train, cohort.People);
        Assert.Equal(report.Images.Train, cohort.Faces);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, ReportWriter.JsonFile))))
        {
            var written = json.RootElement.GetProperty("cohort");
            Assert.True(written.GetProperty("chosen").GetBoolean());
            Assert.Equal(cohort.Faces, written.GetProperty("faces").GetInt32());
            Assert.Equal(cohort.FoldsEerScaled, written.GetProperty("folds_eer_scaled").GetDouble());
        }

        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"kept. The model holds the embeddings of {cohort.Faces:N0} faces of its {cohort.People} training people"), File.ReadAllText(Path.Combine(directory, ReportWriter.MarkdownFile)), StringComparison.Ordinal);
        Assert.Contains("left out; the model holds no training faces.", ReportText.Markdown(report with { Cohort = cohort with { Chosen = false, People = 0, Faces = 0 } }), StringComparison.Ordinal);

        var resumed = new TrainingPipeline(TextWriter.Null).Run(new TrainOptions(), Path.Combine(directory, "checkpoints", "last.json"));
        Assert.Equal(cohort, resumed.Cohort);
        Assert.Equal(report.Threshold, resumed.Threshold);
        Assert.Equal(report.OneShot.Accuracy, resumed.OneShot.Accuracy);
        Assert.Equal(report.Verification.Eer, resumed.Verification.Eer);

        // The export verb embeds the cohort again from the checkpoint: the same model, the same embeddings.
        var exported = Path.Combine(directory, "exported.onnx");
        var metadata = CheckpointExport.Run(directory, exported, null);
        var batch = TowerTestData.RandomBatch(3, seed: 4);
        var trained = OnnxParityTests.RunOnnx(report.Model.Path, batch, 3);
        var again = OnnxParityTests.RunOnnx(exported, batch, 3);
        Assert.Equal(report.Threshold, metadata.Threshold);
        Assert.True(trained.Zip(again, (a, b) => MathF.Abs(a - b)).Max() < 1e-6f, "the exported model's embeddings differ from the trained model's");
    }

    [Fact]
    public void CohortPeopleZeroNeverScales()
    {
        var options = TrainingDefaults.Quick(new TrainOptions { Synthetic = true, Output = directory, Seed = CohortSeed, Quick = true, Tower = TowerKind.Face, CohortPeople = 0, Epochs = 1 });
        var log = new StringWriter();

        var report = new TrainingPipeline(log).Run(options);

        Assert.DoesNotContain("Cohort scaling", log.ToString(), StringComparison.Ordinal);
        Assert.Null(report.Cohort);
        Assert.DoesNotContain("Cohort scaling", File.ReadAllText(Path.Combine(directory, ReportWriter.MarkdownFile)), StringComparison.Ordinal);
    }

    /// <summary>A quick synthetic face run (one epoch) whose folds keep the cohort.</summary>
    private const int CohortSeed = 7;

    private static (float[][] Faces, int[] PersonOf) RandomFaces(Random random, int people, int dimension)
    {
        var faces = new List<float[]>();
        var personOf = new List<int>();
        for (var p = 0; p < people; p++)
        {
            var centre = RandomUnit(random, dimension);
            var count = 1 + (p % 4);
            for (var j = 0; j < count; j++)
            {
                faces.Add(Unit(centre.Select(v => v + (0.1f * (float)((random.NextDouble() * 2) - 1))).ToArray()));
                personOf.Add(p);
            }
        }

        return ([.. faces], [.. personOf]);
    }

    private static float[] RandomUnit(Random random, int dimension) =>
        Unit(Enumerable.Range(0, dimension).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray());

    private static float[] Unit(float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    /// <summary>The mean of the people's nearest-face distances, sorted, after the first (or from the first).</summary>
    private static float ExpectedScale(float[] probe, float[][] faces, int[] personOf, int nearest, bool skipNearest = true)
    {
        var perPerson = faces
            .Select((f, i) => (Person: personOf[i], Distance: Math.Sqrt(f.Zip(probe, (a, b) => (double)(a - b) * (a - b)).Sum())))
            .GroupBy(x => x.Person)
            .Select(g => g.Min(x => x.Distance))
            .Order()
            .Skip(skipNearest ? 1 : 0)
            .Take(nearest)
            .ToArray();
        return (float)perPerson.Average();
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
