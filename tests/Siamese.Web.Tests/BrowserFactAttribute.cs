using Siamese.Screenshots;

namespace Siamese.Web.Tests;

/// <summary>A fact that needs Chromium and a trained model; skipped with the reason when either is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.ExecutablePath is null)
        {
            Skip = $"No Chromium: install Debian's chromium or set {Chromium.Variable}.";
        }
        else if (TestModel.Path is null)
        {
            Skip = "No test model: " + TestModel.SkipReason;
        }
    }
}
