namespace Siamese.Match.Tests;

/// <summary>A fact that needs <see cref="AlignedOrlModel"/>; skipped with the reason when there is none.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlignedOrlModelFactAttribute : FactAttribute
{
    public AlignedOrlModelFactAttribute()
    {
        if (AlignedOrlModel.Path is null)
        {
            Skip = "No aligned ORL model: " + AlignedOrlModel.SkipReason + ".";
        }
    }
}
