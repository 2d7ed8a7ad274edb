namespace Siamese.Model.Synthetic;

/// <summary>How one photo of an item differs from another: pose, lighting and noise.</summary>
internal sealed record SyntheticView(
    float ShiftX,
    float ShiftY,
    float Scale,
    float RotationDegrees,
    float Brightness,
    float Contrast,
    float GradientX,
    float GradientY,
    float NoiseSigma)
{
    public static SyntheticView Sample(Random random) => new(
        ShiftX: Uniform(random, -0.05f, 0.05f),
        ShiftY: Uniform(random, -0.05f, 0.05f),
        Scale: Uniform(random, 0.9f, 1.1f),
        RotationDegrees: Uniform(random, -8f, 8f),
        Brightness: Uniform(random, -20f, 20f),
        Contrast: Uniform(random, 0.8f, 1.2f),
        GradientX: Uniform(random, -15f, 15f),
        GradientY: Uniform(random, -15f, 15f),
        NoiseSigma: Uniform(random, 3f, 8f));

    private static float Uniform(Random random, float min, float max) => min + ((max - min) * random.NextSingle());
}
