using Siamese.Trainer.Data;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

public sealed class IdentitySplitterTests
{
    private static readonly string[] Orl = [.. Enumerable.Range(1, 40).Select(i => $"s{i}")];

    [Fact]
    public void OrlSplitsInto25Train5ValidationAnd10TestIdentitiesThatDoNotOverlap()
    {
        var split = IdentitySplitter.Split(Orl, testCount: 10, validationCount: 5, seed: 42);

        Assert.Equal(25, split.Train.Count);
        Assert.Equal(5, split.Validation.Count);
        Assert.Equal(10, split.Test.Count);
        Assert.Equal(40, split.Train.Concat(split.Validation).Concat(split.Test).Distinct().Count());
    }

    [Fact]
    public void TheDefaultsGiveOrlTheCustomary30NonTestAnd10TestIdentities()
    {
        var test = TrainingDefaults.TestIdentities(40);

        Assert.Equal(10, test);
        Assert.Equal(5, TrainingDefaults.ValidationIdentities(40 - test));
    }

    [Theory]
    [InlineData(4, 2, 0)]
    [InlineData(5, 2, 0)]
    [InlineData(8, 2, 2)]
    [InlineData(12, 4, 2)]
    [InlineData(14, 4, 2)]
    [InlineData(20, 6, 2)]
    public void SmallDataGetsTwoTestIdentitiesAndNeverOneValidationIdentity(int classes, int test, int validation)
    {
        Assert.Equal(test, TrainingDefaults.TestIdentities(classes));
        Assert.Equal(validation, TrainingDefaults.ValidationIdentities(classes - test));
        Assert.Equal(0, TrainingDefaults.ValidationIdentities(classes - test, Towers.TowerKind.Face));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(12)]
    public void ARunOnAFewClassesTrainsWithTheDefaultSplit(int classes)
    {
        // 4 to 12 classes used to hold out one validation identity, and the run failed calibrating on it.
        using var folder = new Siamese.Testing.TempDirectory();
        var data = Path.Combine(folder.Path, "data");
        Siamese.Model.SyntheticDataset.Generate(data, classes, 4, seed: 3);

        var report = new TrainingPipeline(TextWriter.Null).Run(TrainingDefaults.Quick(new TrainOptions { Data = data, Output = Path.Combine(folder.Path, "run"), Quick = true, Epochs = 2 }));

        Assert.Equal(TrainingDefaults.TestIdentities(classes), report.Identities.Test);
        Assert.NotEqual(1, report.Identities.Validation);
        Assert.True(File.Exists(Path.Combine(folder.Path, "run", "model.onnx")));
    }

    [Fact]
    public void AClassOfASingleImageIsLeftOutAndNamed()
    {
        using var folder = new Siamese.Testing.TempDirectory();
        var data = Path.Combine(folder.Path, "data");
        Siamese.Model.SyntheticDataset.Generate(data, 8, 4, seed: 3);
        var lonely = Directory.CreateDirectory(Path.Combine(data, "lonely")).FullName;
        // A picture of its own: a copy of another class's image would be left out as one picture under two classes.
        var other = Path.Combine(folder.Path, "other");
        Siamese.Model.SyntheticDataset.Generate(other, 1, 1, seed: 99);
        File.Copy(Directory.GetFiles(Directory.GetDirectories(other).Single()).Single(), Path.Combine(lonely, "only.png"));
        var log = new StringWriter();

        var report = new TrainingPipeline(log).Run(TrainingDefaults.Quick(new TrainOptions { Data = data, Output = Path.Combine(folder.Path, "run"), Quick = true, Epochs = 1 }));

        Assert.Equal(8, report.Identities.Train + report.Identities.Validation + report.Identities.Test);
        Assert.Contains("Left out: 1 class with a single image (lonely): a class needs two images or more", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TooFewClassesOrOneValidationIdentityAreRefusedByName()
    {
        using var folder = new Siamese.Testing.TempDirectory();
        var data = Path.Combine(folder.Path, "data");
        Siamese.Model.SyntheticDataset.Generate(Path.Combine(folder.Path, "three"), 3, 4, seed: 3);
        Siamese.Model.SyntheticDataset.Generate(Path.Combine(folder.Path, "eight"), 8, 4, seed: 3);

        // Refused once the classes are counted, before training: the output folder the run made goes again; one that
        // was there before the run stays, as it was.
        var existing = Directory.CreateDirectory(Path.Combine(folder.Path, "existing")).FullName;
        var few = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(new TrainOptions { Data = Path.Combine(folder.Path, "three"), Output = Path.Combine(folder.Path, "few") }));
        var one = Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(new TrainOptions { Data = Path.Combine(folder.Path, "eight"), ValidationIdentities = 1, Output = Path.Combine(folder.Path, "one") }));
        Assert.Throws<ArgumentException>(() => new TrainingPipeline(TextWriter.Null).Run(new TrainOptions { Data = Path.Combine(folder.Path, "three"), Output = existing }));

        Assert.Contains("The data has 3 classes with two or more images; a run needs at least 4", few.Message, StringComparison.Ordinal);
        Assert.Contains("--val-identities 1: ", one.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "few")), "the refused run left its output folder");
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "one")), "the refused run left its output folder");
        Assert.True(Directory.Exists(existing), "the refused run removed a folder it had not made");
    }

    [Fact]
    public void TheSameSeedGivesTheSameSplit()
    {
        var a = IdentitySplitter.Split(Orl, 10, 5, 7);
        var b = IdentitySplitter.Split(Orl.Reverse(), 10, 5, 7);

        Assert.Equal(a.Test, b.Test);
        Assert.Equal(a.Validation, b.Validation);
    }

    [Fact]
    public void AskingForMoreHeldOutIdentitiesThanExistIsRejectedWithAMessage()
    {
        var error = Assert.Throws<ArgumentException>(() => IdentitySplitter.Split(Orl, 30, 9, 1));

        Assert.Contains("--test-identities", error.Message, StringComparison.Ordinal);
    }
}
