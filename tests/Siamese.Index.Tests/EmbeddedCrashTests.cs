using System.Diagnostics;

namespace Siamese.Index.Tests;

/// <summary>An acknowledged write survives kill -9: a child process writes and acks, is killed, and the index is reopened.</summary>
public sealed class EmbeddedCrashTests : IDisposable
{
    private const int Acks = 150;
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task EveryAcknowledgedWriteSurvivesKill9()
    {
        var acknowledged = new List<int>();
        using (var child = StartWriter())
        {
            try
            {
                while (acknowledged.Count < Acks)
                {
                    var line = await child.StandardOutput.ReadLineAsync()
                        ?? throw new InvalidOperationException("Writer exited early: " + await child.StandardError.ReadToEndAsync());
                    if (line.StartsWith("ack ", StringComparison.Ordinal))
                    {
                        acknowledged.Add(int.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            }
            finally
            {
                child.Kill(entireProcessTree: true);
                await child.WaitForExitAsync();
            }
        }

        await using var index = new EmbeddedVectorIndex(new EmbeddedIndexOptions { DataDirectory = _directory.Path }, CrashWriter.Space);
        await index.InitializeAsync();
        var missing = new List<int>();
        foreach (var n in acknowledged)
        {
            var record = CrashWriter.RecordFor(n);
            var hits = await index.SearchAsync(CrashWriter.Tenant, record.Vector, 1, maxDistance: 0);
            if (hits is not [{ } hit] || hit.ExampleId != record.Id)
            {
                missing.Add(n);
            }
        }

        Assert.Empty(missing);
        Assert.True(await index.CountAsync(CrashWriter.Tenant) >= Acks);
    }

    public void Dispose() => _directory.Dispose();

    private Process StartWriter()
    {
        var assembly = typeof(CrashWriter).Assembly.Location;
        // The test host itself runs under the dotnet muxer; reuse it so the child gets the same runtime.
        var muxer = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var start = new ProcessStartInfo(muxer)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add(CrashWriter.Verb);
        start.ArgumentList.Add(_directory.Path);
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the writer process.");
    }
}
