namespace Siamese.Model.Synthetic;

/// <summary>The outline of a synthetic item.</summary>
internal enum ItemShape
{
    Box,
    RoundedBox,
    Ellipse,
    Bottle,
    Can,
    Hexagon,
}
