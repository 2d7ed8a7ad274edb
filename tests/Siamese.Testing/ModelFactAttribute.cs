namespace Siamese.Testing;

/// <summary>A fact that needs the trained test model; skipped with the reason when none can be had.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ModelFactAttribute : FactAttribute
{
    public ModelFactAttribute()
    {
        if (TestModel.Path is null)
        {
            Skip = "No test model: " + TestModel.SkipReason;
        }
    }
}
