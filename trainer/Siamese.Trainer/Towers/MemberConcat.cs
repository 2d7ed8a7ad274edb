using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// An ensemble inside one tower: M member stacks of the same shape, each started from its own random weights and each
/// ending in a unit-length embedding of D values; the tower's embedding is their concatenation × 1/√M, [N, M·D], of
/// unit length. The squared distance between two such embeddings is the mean of the members' squared distances, so
/// a probe is matched by what the members agree on. Each member trains on its own loss (<see cref="MemberChunks"/>):
/// the members share no weights, so training them in one step trains M independent towers on the same batches.
/// </summary>
public sealed class MemberConcat : nn.Module<Tensor, Tensor>
{
    // The field name is the prefix of every member's weight names in a checkpoint: never rename it.
    private readonly ModuleList<Sequential> members;

    public MemberConcat(IReadOnlyList<Sequential> stacks) : base(nameof(MemberConcat))
    {
        ArgumentNullException.ThrowIfNull(stacks);
        if (stacks.Count < 2)
        {
            throw new ArgumentException($"An ensemble needs at least two members (got {stacks.Count}).", nameof(stacks));
        }

        members = new ModuleList<Sequential>([.. stacks]);
        RegisterComponents();
    }

    public IReadOnlyList<Sequential> Members => [.. members];

    /// <summary>1/√M: makes the concatenation of M unit-length embeddings unit length.</summary>
    public float Scale => 1f / MathF.Sqrt(members.Count);

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        return cat([.. members.Select(m => m.call(input))], 1).Times(Scale).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The members' own unit-length embeddings [N, D] taken back out of a tower embedding [N, M·D] (each part × √M),
    /// for a loss per member.
    /// </summary>
    public static IReadOnlyList<Tensor> MemberChunks(Tensor embeddings, int memberCount)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(memberCount);
        if (memberCount == 1)
        {
            return [embeddings];
        }

        var width = embeddings.shape[1] / memberCount;
        var unscale = Unscale(memberCount);
        return [.. Enumerable.Range(0, memberCount).Select(m => embeddings.narrow(1, m * width, width).Times(unscale))];
    }

    /// <summary>√M: takes a member's part of the tower embedding back to unit length (the inverse of <see cref="Scale"/>).</summary>
    public static float Unscale(int memberCount) => MathF.Sqrt(memberCount);
}
