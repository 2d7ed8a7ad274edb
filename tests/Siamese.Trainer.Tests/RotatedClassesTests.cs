using Siamese.Trainer.Data;

namespace Siamese.Trainer.Tests;

public sealed class RotatedClassesTests
{
    [Fact]
    public void AQuarterTurnIsClockwiseAndFourComeBackToTheImage()
    {
        // 1 2      3 1
        // 3 4  ->  4 2
        float[] image = [1, 2, 3, 4];

        Assert.Equal([3f, 1f, 4f, 2f], RotatedClasses.Turn(image, 2, 2, 1));
        Assert.Equal([4f, 3f, 2f, 1f], RotatedClasses.Turn(image, 2, 2, 2));
        Assert.Equal([2f, 4f, 1f, 3f], RotatedClasses.Turn(image, 2, 2, 3));
        var square = Enumerable.Range(0, 9).Select(i => (float)i).ToArray();
        var turned = square;
        for (var k = 0; k < 4; k++)
        {
            turned = RotatedClasses.Turn(turned, 3, 3, 1);
        }

        Assert.Equal(square, turned);
    }

    [Fact]
    public void EachTurnOfTheTrainingImagesIsANewClassAndNothingElseChanges()
    {
        float[][] inputs = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 9, 9, 9]];
        int[] ids = [0, 1, 2];

        var (allInputs, allIds, train) = RotatedClasses.Add(inputs, ids, trainImages: [0, 1], identities: 3, height: 2, width: 2);

        Assert.Equal(3 + (3 * 2), allInputs.Count);
        Assert.Equal([0, 1, 3, 4, 6, 7, 9, 10], train.Select(i => allIds[i]));
        Assert.Equal(inputs, allInputs.Take(3));
        Assert.Equal(ids, allIds.Take(3));
        Assert.DoesNotContain(2, train);
        Assert.Equal([4f, 3f, 2f, 1f], allInputs[train[4]]);
    }

    [Fact]
    public void ANonSquareInputIsTurnedByHalfATurnOnly()
    {
        float[][] inputs = [[1, 2, 3, 4, 5, 6]];

        var (allInputs, allIds, train) = RotatedClasses.Add(inputs, [0], [0], identities: 1, height: 2, width: 3);

        Assert.Equal(2, RotatedClasses.Copies(2, 3));
        Assert.Equal([0, 1], train);
        Assert.Equal([0, 2], allIds);
        Assert.Equal([6f, 5f, 4f, 3f, 2f, 1f], allInputs[1]);
    }
}
