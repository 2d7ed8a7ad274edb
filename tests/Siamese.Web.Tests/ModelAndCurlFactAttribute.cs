namespace Siamese.Web.Tests;

/// <summary>A fact that needs curl and a trained model; skipped with the reason when either is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ModelAndCurlFactAttribute : FactAttribute
{
    public ModelAndCurlFactAttribute()
    {
        if (!File.Exists("/usr/bin/curl") && !File.Exists("/bin/curl"))
        {
            Skip = "curl is not installed (apt-get install curl).";
        }
        else if (TestModel.Path is null)
        {
            Skip = "No test model: " + TestModel.SkipReason;
        }
    }
}
