namespace Siamese.Deploy.Tests;

/// <summary>A fact that renders manifests with kubectl; skipped with the reason where kubectl is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (Kubectl.Path is null)
        {
            Skip = "kubectl is not on PATH (Debian: apt-get install kubernetes-client; .ci/run installs it)";
        }
    }
}
