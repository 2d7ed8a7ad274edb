using System.ComponentModel.DataAnnotations;

namespace Siamese.Index.Qdrant;

/// <summary>Settings of the Qdrant-backed index (the official client, gRPC).</summary>
public sealed class QdrantOptions
{
    /// <summary>The configuration section: <c>Match:Qdrant</c>.</summary>
    public const string SectionName = "Match:Qdrant";

    /// <summary>
    /// Qdrant's gRPC endpoint: port 6334 by default (6333 is its REST port, which this client does not speak);
    /// <c>https://</c> for TLS.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    [Url]
    public string Url { get; set; } = "http://localhost:6334";

    /// <summary>Sent as the <c>api-key</c> metadata of every call when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Prepended to the model's sanitised name to form the collection name.</summary>
    [RegularExpression("^[A-Za-z0-9_-]*$", ErrorMessage = "CollectionPrefix may hold only letters, digits, '_' and '-'.")]
    public string CollectionPrefix { get; set; } = "siamese_";

    /// <summary>Deadline of one call, retries included (gRPC deadlines cover every attempt).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a call that failed with <c>Unavailable</c> (no connection, Qdrant restarting), with exponential back-off.</summary>
    [Range(0, 10)]
    public int Retries { get; set; } = 3;

    /// <summary>The first back-off delay; it doubles each retry.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>HNSW edges per node (Qdrant's <c>m</c>), used when the collection is created.</summary>
    [Range(4, 128)]
    public int HnswM { get; set; } = 16;

    /// <summary>HNSW build candidate list size (Qdrant's <c>ef_construct</c>), used when the collection is created.</summary>
    [Range(4, 4096)]
    public int HnswEfConstruct { get; set; } = 100;

    /// <summary>Keep vectors on disk (memory-mapped) rather than in RAM, used when the collection is created.</summary>
    public bool OnDisk { get; set; }

    /// <summary>Scan instead of walking the HNSW graph: exact results, slower on large galleries.</summary>
    public bool ExactSearch { get; set; }

    /// <summary>Points per upsert call.</summary>
    [Range(1, 10_000)]
    public int UpsertBatchSize { get; set; } = 256;
}
