namespace Siamese.Contracts;

/// <summary>An axis-aligned box in pixels of the posted frame.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width, positive.</param>
/// <param name="Height">Height, positive.</param>
public sealed record BoundingBox(int X, int Y, int Width, int Height);
