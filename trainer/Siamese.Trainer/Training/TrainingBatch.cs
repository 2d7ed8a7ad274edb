using Siamese.Trainer.Data;

namespace Siamese.Trainer.Training;

/// <summary>
/// The images of one optimiser step. With <see cref="Genuine"/>: explicit pairs, first halves then second halves.
/// With <see cref="Identities"/>: every pair among the images counts (genuine and impostor pairs weighted equally).
/// </summary>
public sealed record TrainingBatch(long[] Images, float[]? Genuine, long[]? Identities)
{
    public int PairCount => Genuine?.Length ?? (Images.Length * (Images.Length - 1) / 2);

    /// <summary>Splits an epoch of pairs into steps of <paramref name="batchSize"/> pairs.</summary>
    public static TrainingBatch[] FromPairs(ImagePair[] pairs, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var batches = new List<TrainingBatch>();
        for (var start = 0; start < pairs.Length; start += batchSize)
        {
            var batch = pairs.AsSpan(start, Math.Min(batchSize, pairs.Length - start));
            var images = new long[batch.Length * 2];
            var genuine = new float[batch.Length];
            for (var k = 0; k < batch.Length; k++)
            {
                images[k] = batch[k].First;
                images[batch.Length + k] = batch[k].Second;
                genuine[k] = batch[k].Genuine ? 1 : 0;
            }

            batches.Add(new TrainingBatch(images, genuine, null));
        }

        return [.. batches];
    }
}
