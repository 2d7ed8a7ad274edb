namespace Siamese.Trainer.Training;

/// <summary>The data folder a checkpoint's run trained on, for the verbs that read it again (resume, export, evaluate).</summary>
public static class RunData
{
    /// <summary>
    /// <paramref name="given"/> (--data: the same data, moved since) when there is one, else the run's own folder, which
    /// must still be there.
    /// </summary>
    /// <param name="why">Said after the advice to pass --data, e.g. " beside --resume".</param>
    public static string Folder(TrainOptions options, string? given, string why = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        if (given is not null)
        {
            return given;
        }

        var folder = (options.Synthetic ? Path.Combine(options.Output, "data") : options.Data)
            ?? throw new ArgumentException("--data is required: the checkpoint names no data folder.");
        return Directory.Exists(folder) ? folder
            : throw new ArgumentException($"The run's data folder '{folder}' is not there any more: if it moved, pass --data <where it is now>{why}.");
    }
}
