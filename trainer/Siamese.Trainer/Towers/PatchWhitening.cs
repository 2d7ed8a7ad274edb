using TorchSharp;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// Local linear projections with per-patch normalisation: the image is seen as a 3×3 grid of overlapping patches
/// (each half the image's height and width, evenly spread), with two scales each patch a second time at half
/// resolution (<see cref="PatchRegion.Bin"/> 2: its 2×2 pixel blocks averaged); each patch's pixels are projected to
/// <see cref="PatchDimension"/> values (one dense [H·W, P·k] matrix that is zero outside each patch's pixels, plus
/// a bias; a binned patch's map is spread evenly over each block's four pixels, so averaging then projecting is one
/// matrix), each patch's vector is scaled to unit length, and the concatenation is divided by √P, so the result has
/// unit length and every patch counts the same in a distance. The weights come from <see cref="PatchFit"/>.
/// </summary>
public sealed class PatchWhitening : nn.Module<Tensor, Tensor>
{
    /// <summary>Patches per side of the grid.</summary>
    public const int GridSize = 3;

    /// <summary>Lower bound of a patch vector's length before it is divided by it (as <see cref="L2Normalize"/>).</summary>
    public const double Epsilon = 1e-12;

    // Field names are weight names in a checkpoint and in the ONNX file: never rename them.
    private readonly TorchSharp.Modules.Parameter weight;
    private readonly TorchSharp.Modules.Parameter bias;

    /// <param name="regions">The patches (each inside the image).</param>
    /// <param name="trainable">Whether gradient steps may change the maps (the face tower), or only a fit (the patch tower).</param>
    public PatchWhitening(int height, int width, int patchDimension, IReadOnlyList<PatchRegion> regions, bool trainable) : base(nameof(PatchWhitening))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 2 * GridSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 2 * GridSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(patchDimension);
        ArgumentNullException.ThrowIfNull(regions);
        if (regions.Count == 0 || regions.Any(r => r.Top < 0 || r.Left < 0 || r.Height < 1 || r.Width < 1 || r.Top + r.Height > height || r.Left + r.Width > width))
        {
            throw new ArgumentException($"Every patch must lie inside the {height}×{width} image.", nameof(regions));
        }

        if (regions.Any(r => r.Bin < 1 || r.Height % r.Bin != 0 || r.Width % r.Bin != 0))
        {
            throw new ArgumentException("A binned patch's height and width must be whole numbers of its blocks.", nameof(regions));
        }

        Height = height;
        Width = width;
        PatchDimension = patchDimension;
        Patches = regions;
        weight = new TorchSharp.Modules.Parameter(zeros(height * width, Patches.Count * patchDimension), requires_grad: trainable);
        bias = new TorchSharp.Modules.Parameter(zeros(Patches.Count * patchDimension), requires_grad: trainable);
        RegisterComponents();
    }

    public int Height { get; }

    public int Width { get; }

    /// <summary>k: values per patch.</summary>
    public int PatchDimension { get; }

    /// <summary>The patches, row-major over the grid.</summary>
    public IReadOnlyList<PatchRegion> Patches { get; }

    public int OutputDimension => Patches.Count * PatchDimension;

    /// <summary>[H·W, P·k]; row = pixel (row-major), columns p·k … p·k+k−1 = patch p.</summary>
    public Tensor Weight => weight;

    /// <summary>[P·k].</summary>
    public Tensor Bias => bias;

    /// <summary>1/√P: the factor after the per-patch normalisation.</summary>
    public float Scale => 1f / MathF.Sqrt(Patches.Count);

    /// <summary>The grid for an input size: patches of ⌈H/2⌉×⌈W/2⌉ at 3 evenly spread offsets per axis.</summary>
    public static IReadOnlyList<PatchRegion> Grid(int height, int width) => Grid(height, width, GridSize, (height + 1) / 2, (width + 1) / 2);

    /// <summary>The highest <c>scales</c> a tower takes: the patches, and each of them at half resolution.</summary>
    public const int MaximumScales = 2;

    /// <summary>
    /// <paramref name="patches"/>, and with <paramref name="scales"/> 2 each of them again at half resolution: the same
    /// region (cut to an even height and width) with its 2×2 pixel blocks averaged (<see cref="PatchRegion.Bin"/>).
    /// </summary>
    public static IReadOnlyList<PatchRegion> Regions(IReadOnlyList<PatchRegion> patches, int scales)
    {
        ArgumentNullException.ThrowIfNull(patches);
        ArgumentOutOfRangeException.ThrowIfLessThan(scales, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scales, MaximumScales);
        return scales == 1 ? patches : [.. patches, .. patches.Select(p => p with { Height = p.Height - (p.Height % 2), Width = p.Width - (p.Width % 2), Bin = 2 })];
    }

    /// <summary><paramref name="size"/>² patches of <paramref name="patchHeight"/>×<paramref name="patchWidth"/> at evenly spread offsets, row-major.</summary>
    public static IReadOnlyList<PatchRegion> Grid(int height, int width, int size, int patchHeight, int patchWidth)
    {
        var patches = new List<PatchRegion>(size * size);
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                patches.Add(new PatchRegion(
                    size == 1 ? 0 : (int)Math.Round(row * (height - patchHeight) / (double)(size - 1), MidpointRounding.AwayFromZero),
                    size == 1 ? 0 : (int)Math.Round(column * (width - patchWidth) / (double)(size - 1), MidpointRounding.AwayFromZero),
                    patchHeight,
                    patchWidth));
            }
        }

        return patches;
    }

    /// <summary>Sets the projection (float64 or float32 tensors of the shapes of <see cref="Weight"/> and <see cref="Bias"/>).</summary>
    public void SetWeights(Tensor newWeight, Tensor newBias)
    {
        ArgumentNullException.ThrowIfNull(newWeight);
        ArgumentNullException.ThrowIfNull(newBias);
        using var _ = no_grad();
        weight.copy_(newWeight.to_type(ScalarType.Float32));
        bias.copy_(newBias.to_type(ScalarType.Float32));
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var projected = input.flatten(1).matmul(weight).Plus(bias);
        var perPatch = nn.functional.normalize(projected.view(-1, Patches.Count, PatchDimension), p: 2, dim: 2, eps: Epsilon);
        return perPatch.flatten(1).Times(Scale).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// A rectangle of pixels: top row, left column, height, width; with <paramref name="Bin"/> b > 1 it is seen at 1/b
/// resolution, each b×b block of its pixels averaged (height and width whole numbers of blocks).
/// </summary>
public sealed record PatchRegion(int Top, int Left, int Height, int Width, int Bin = 1)
{
    /// <summary>The values a fit sees: its pixels, or its blocks when binned.</summary>
    public int FitLength => (Height / Bin) * (Width / Bin);

    /// <summary>For each pixel of <see cref="PixelIndices"/>, in the same order, the index of its block (row-major).</summary>
    public long[] BlockIndices()
    {
        var blocks = new long[Height * Width];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                blocks[(y * Width) + x] = ((long)(y / Bin) * (Width / Bin)) + (x / Bin);
            }
        }

        return blocks;
    }

    /// <summary>Row-major indices of its pixels in an image <paramref name="imageWidth"/> wide.</summary>
    public long[] PixelIndices(int imageWidth)
    {
        var indices = new long[Height * Width];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                indices[(y * Width) + x] = ((long)(Top + y) * imageWidth) + Left + x;
            }
        }

        return indices;
    }
}
