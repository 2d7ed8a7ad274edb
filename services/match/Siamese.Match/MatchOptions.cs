using System.ComponentModel.DataAnnotations;
using Siamese.Imaging;
using Siamese.Model;

namespace Siamese.Match;

/// <summary>Settings of the match service (section <c>Match</c>).</summary>
public sealed class MatchOptions : IValidatableObject
{
    public const string SectionName = "Match";

    /// <summary>Embedded (default) or Qdrant.</summary>
    public VectorIndexKind Index { get; set; } = VectorIndexKind.Embedded;

    /// <summary>
    /// Address of the embed service (for example <c>http://embed:8081</c>). Empty: the model runs in this
    /// process (the <c>Embed</c> section applies), as in the standalone host.
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

    /// <summary>Most encoded bytes of one image.</summary>
    [Range(1, long.MaxValue)]
    public long MaxImageBytes { get; set; } = ImageLimits.Default.MaxBytes;

    /// <summary>Most pixels of one decoded image.</summary>
    [Range(1, long.MaxValue)]
    public long MaxImagePixels { get; set; } = ImageLimits.Default.MaxPixels;

    /// <summary>
    /// The YuNet face detector (<c>yunet_s_dynamic.onnx</c>) for models trained on YuNet-aligned faces
    /// (<c>siamese.crop = yunet-aligned</c>): Enroll/Identify/Verify images are cut with it the way the trainer cut
    /// its images. Defaults to the shared models folder's copy; unused for other models.
    /// </summary>
    public string? YuNetModelPath { get; set; } = SharedData.YuNetModel;

    public ImageLimits ImageLimits => new() { MaxBytes = MaxImageBytes, MaxPixels = MaxImagePixels };

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
