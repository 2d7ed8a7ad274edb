using System.ComponentModel.DataAnnotations;

namespace Siamese.Match;

/// <summary>Settings of the match service (section <c>Match</c>).</summary>
public sealed class MatchOptions : IValidatableObject
{
    public const string SectionName = "Match";

    /// <summary>Embedded (default) or Qdrant.</summary>
    public VectorIndexKind Index { get; set; } = VectorIndexKind.Embedded;

    /// <summary>
    /// Address of the embed service (for example <c>http://embed:8081</c>). Empty: the model runs in this
    /// process (<c>Models:Embedding</c> and the <c>Embed</c> section apply), as in the standalone host.
    /// </summary>
    public string? EmbedAddress { get; set; }

    /// <summary>The tenant of calls that name none.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DefaultTenant { get; set; } = "default";

    /// <summary>Candidates per face/item when the request says 0.</summary>
    [Range(1, 1000)]
    public int DefaultTopK { get; set; } = 5;

    /// <summary>Most candidates a request may ask for.</summary>
    [Range(1, 10_000)]
    public int MaxTopK { get; set; } = 100;

    /// <summary>Most images (plus embeddings) one enrolment may carry.</summary>
    [Range(1, 10_000)]
    public int MaxExamplesPerEnroll { get; set; } = 64;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(EmbedAddress) && !Uri.TryCreate(EmbedAddress, UriKind.Absolute, out _))
        {
            yield return new ValidationResult($"Match:EmbedAddress '{EmbedAddress}' is not an absolute URI.", [nameof(EmbedAddress)]);
        }

        if (DefaultTopK > MaxTopK)
        {
            yield return new ValidationResult($"Match:DefaultTopK ({DefaultTopK}) is larger than Match:MaxTopK ({MaxTopK}).", [nameof(DefaultTopK)]);
        }
    }
}
