using Qdrant.Client;

namespace Siamese.Index.Qdrant;

public sealed partial class QdrantVectorIndex
{
    /// <summary>
    /// The collections of the models other than the served one (this deployment's prefix): a tenant's points are
    /// deleted from each by filter, as the served collection's are.
    /// </summary>
    internal sealed class OtherModelCollections(QdrantClient client, QdrantOptions options, Func<VectorSpace> served) : IOtherModelIndexes
    {
        public async Task<OtherModelsErasure> EraseAsync(IReadOnlyCollection<string> tenants, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(tenants);
            var own = new QdrantVectorIndex(client, options, served());
            var erasure = new OtherModelsErasure();
            var collections = await own.CallAsync("list collections", () => client.ListCollectionsAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            foreach (var collection in collections.Where(c => c.StartsWith(options.CollectionPrefix, StringComparison.Ordinal) && c != own.CollectionName).Order(StringComparer.Ordinal))
            {
                var other = new QdrantVectorIndex(client, options, collection);
                var examples = 0L;
                foreach (var tenant in tenants)
                {
                    examples += await other.DeleteTenantAsync(tenant, cancellationToken).ConfigureAwait(false);
                }

                erasure.Add(collection, examples);
            }

            return erasure;
        }
    }
}
