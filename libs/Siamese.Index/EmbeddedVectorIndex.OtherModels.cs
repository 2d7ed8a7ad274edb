using Microsoft.Extensions.Logging;

namespace Siamese.Index;

public sealed partial class EmbeddedVectorIndex
{
    /// <summary>
    /// Erases every example of <paramref name="tenants"/> from the folders of the models other than
    /// <paramref name="served"/> under <see cref="EmbeddedIndexOptions.DataDirectory"/> (a model served before, whose
    /// vectors stay in their own folder). Each folder is opened in turn, its tenants deleted and the folder
    /// compacted, so the vectors leave its files; a folder another process holds (a host serving that model) is skipped
    /// and named.
    /// </summary>
    public static async Task<OtherModelsErasure> EraseTenantsOfOtherModelsAsync(
        EmbeddedIndexOptions options, VectorSpace served, IReadOnlyCollection<string> tenants, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(tenants);
        var erasure = new OtherModelsErasure();
        if (!System.IO.Directory.Exists(options.DataDirectory))
        {
            return erasure;
        }

        // No graphs: the folder is only read, erased and compacted. Its compaction then removes the graph files (an HNSW
        // graph holds its tenant's vectors too); were that model served again, its large tenants' graphs are rebuilt
        // in the background from the vectors, as after any loss of them.
        var reading = new EmbeddedIndexOptions { DataDirectory = options.DataDirectory, Fsync = options.Fsync, CompactAfterBytes = options.CompactAfterBytes, ApproximateSearch = false };
        foreach (var folder in System.IO.Directory.EnumerateDirectories(options.DataDirectory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (name == served.SafeName || (!File.Exists(Path.Combine(folder, SnapshotFileName)) && !File.Exists(Path.Combine(folder, LogFileName))))
            {
                continue;
            }

            try
            {
                await using var index = new EmbeddedVectorIndex(reading, folder, logger);
                await index.InitializeAsync(cancellationToken).ConfigureAwait(false);
                var examples = 0L;
                foreach (var tenant in tenants)
                {
                    examples += await index.DeleteTenantAsync(tenant, cancellationToken).ConfigureAwait(false);
                }

                if (examples > 0)
                {
                    await index.CompactAsync(cancellationToken).ConfigureAwait(false);
                }

                erasure.Add(name, examples);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                erasure.Skip(name, ex.Message);
            }
        }

        return erasure;
    }
}
