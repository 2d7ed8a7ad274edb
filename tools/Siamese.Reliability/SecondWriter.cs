namespace Siamese.Reliability;

/// <summary>
/// A second match host started on the index folder a first one has open must refuse to start, naming the folder, instead
/// of opening the same files (two writers each acknowledged enrolments the other later overwrote).
/// </summary>
public static class SecondWriter
{
    public static async Task<(bool Refused, string Message)> RunAsync(string work, string modelPath)
    {
        var data = Path.Combine(work, "second-writer-index");
        var keyStore = Path.Combine(work, "second-writer-keys", "keys.json");
        var adminKey = Deployment.NewSecret();
        await using var first = await MatchProcess.StartAsync(modelPath, data, keyStore, adminKey);
        await using var second = await MatchProcess.StartAsync(modelPath, data, keyStore, adminKey, waitReady: false);
        var exited = await second.Process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        var output = second.Process.Output;
        var line = output.Split('\n').FirstOrDefault(l => l.Contains(Path.GetFullPath(data), StringComparison.Ordinal) || l.Contains(data, StringComparison.Ordinal))?.Trim();
        var refused = exited && second.Process.ExitCode != 0 && line is not null && !first.Process.HasExited;
        return (refused, line ?? (exited ? $"exited with {second.Process.ExitCode} without naming the folder" : "still running after 2 minutes"));
    }
}
