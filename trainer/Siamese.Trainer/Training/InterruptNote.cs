namespace Siamese.Trainer.Training;

/// <summary>
/// While a run trains: Ctrl+C (SIGINT) still ends the process as it always did (exit 130), but first says what is left
/// of the run: the last checkpoint and the command that continues from it, or that none was written yet. Checkpoints are
/// written whole or not at all (<see cref="CheckpointStore"/>), so the one named can be resumed.
/// </summary>
public sealed class InterruptNote : IDisposable
{
    private readonly string _checkpoints;
    private readonly TextWriter _error;

    public InterruptNote(string checkpoints, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        _checkpoints = Path.GetFullPath(checkpoints);
        _error = error ?? Console.Error;
        Console.CancelKeyPress += OnCancel;
    }

    /// <summary>The lines written on an interrupt (also what a test reads).</summary>
    public string Describe()
    {
        if (!File.Exists(Path.Combine(_checkpoints, CheckpointStore.StateFile)))
        {
            return "Interrupted before the first checkpoint was written: there is nothing to resume.";
        }

        try
        {
            var epoch = CheckpointStore.Load(_checkpoints).State.Epoch;
            return $"Interrupted. The last checkpoint (epoch {epoch}) is in {_checkpoints}; to continue: train --resume {_checkpoints}";
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return $"Interrupted. The checkpoint in {_checkpoints} could not be read ({e.Message}).";
        }
    }

    public void Dispose() => Console.CancelKeyPress -= OnCancel;

    // The event is not cancelled: the process ends as the user asked; a progress bar's line is ended first.
    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        _error.WriteLine();
        _error.WriteLine(Describe());
        _error.Flush();
    }
}
