using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// Two branches of one tower, each ending in a unit-length embedding, joined as [√(1 − s)·a, √s·b]: unit length, and
/// the squared distance between two such embeddings is (1 − s)·d²(a) + s·d²(b), so <c>s</c> is the second branch's
/// share of every distance. The weights are a buffer, kept in the checkpoint with the branches: until
/// <see cref="Join"/> they are (1, 0), the first branch alone (the face tower's closed-form start, whose distances
/// are the patch maps' own).
/// </summary>
public sealed class ShareConcat : nn.Module<Tensor, Tensor>
{
    // The field names are the prefixes of the branches' weight names in a checkpoint: never rename them.
    private readonly Sequential first;
    private readonly Sequential second;
    private readonly Tensor weights;

    public ShareConcat(Sequential first, Sequential second, double share) : base(nameof(ShareConcat))
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (!(share > 0 && share < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The second branch's share must lie strictly between 0 and 1.");
        }

        this.first = first;
        this.second = second;
        Share = share;
        weights = tensor(new[] { 1f, 0f });
        RegisterComponents();
    }

    public Sequential First => first;

    public Sequential Second => second;

    /// <summary>The second branch's share once joined.</summary>
    public double Share { get; }

    /// <summary>Whether the second branch counts yet (<see cref="Join"/>).</summary>
    public bool Joined => Weights[1] > 0;

    /// <summary>The two branches' weights, (√(1 − s), √s) once joined, (1, 0) before.</summary>
    public float[] Weights => weights.data<float>().ToArray();

    /// <summary>From now on the second branch counts with its share.</summary>
    public void Join()
    {
        using var noGrad = no_grad();
        weights.copy_(tensor(new[] { (float)Math.Sqrt(1 - Share), (float)Math.Sqrt(Share) }));
    }

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var w = Weights;
        return cat([first.call(input).Times(w[0]), second.call(input).Times(w[1])], 1).MoveToOuterDisposeScope();
    }
}
