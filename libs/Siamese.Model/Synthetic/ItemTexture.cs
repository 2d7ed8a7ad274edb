namespace Siamese.Model.Synthetic;

/// <summary>The pattern printed on a synthetic item's body.</summary>
internal enum ItemTexture
{
    HorizontalStripes,
    VerticalStripes,
    DiagonalStripes,
    Grid,
    TextLines,
    Dots,
}
