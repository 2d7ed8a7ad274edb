using Microsoft.Extensions.Options;
using Siamese.Detection;
using Siamese.Model;

namespace Siamese.Match.Crops;

/// <summary>
/// Cuts crops the way the loaded model's training images were cut (its <see cref="ModelMetadata.Crop"/>):
/// <see cref="ModelCrops.YuNetAligned"/> → <see cref="FaceCropFinder"/> (YuNet from <c>Match:YuNetModelPath</c>),
/// anything else → <see cref="WholeImageCropFinder"/>. The choice is made once the model is known.
/// </summary>
public sealed class ModelCropFinder(MatchState state, IOptions<MatchOptions> options) : ICropFinder, IDisposable
{
    private readonly Lock _gate = new();
    private ICropFinder? _finder;
    private YuNetDetector? _detector;

    /// <summary>The finder for the model (chosen and, for aligned models, its detector loaded on first use).</summary>
    public ICropFinder Current
    {
        get
        {
            if (_finder is { } finder)
            {
                return finder;
            }

            var metadata = state.Model.Metadata;
            lock (_gate)
            {
                return _finder ??= Create(metadata);
            }
        }
    }

    public Task<IReadOnlyList<FoundCrop>> FindAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default) =>
        Current.FindAsync(image, cancellationToken);

    public void Dispose() => _detector?.Dispose();

    private ICropFinder Create(ModelMetadata metadata)
    {
        var o = options.Value;
        if (metadata.Crop != ModelCrops.YuNetAligned)
        {
            return new WholeImageCropFinder(options);
        }

        var path = o.YuNetModelPath;
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The model {metadata.ModelId} was trained on YuNet-aligned faces (siamese.crop = {ModelCrops.YuNetAligned}), but the YuNet model " +
                (string.IsNullOrWhiteSpace(path)
                    ? $"is not configured: set Match:YuNetModelPath to yunet_s_dynamic.onnx (or {SharedData.ModelsVariable})."
                    : $"'{path}' (Match:YuNetModelPath) does not exist."));
        }

        _detector = new YuNetDetector(path);
        return new FaceCropFinder(new FaceCropper(_detector, new FaceAligner(metadata.InputWidth, metadata.InputHeight)), o.ImageLimits);
    }
}
