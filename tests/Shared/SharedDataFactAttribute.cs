using Siamese.Model;

namespace Siamese.Tests.Shared;

/// <summary>A fact that needs the YuNet model (and, unless told otherwise, the ORL faces); skipped with the reason when absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(bool needsOrl = true)
    {
        if (SharedData.YuNetModel is null)
        {
            Skip = $"The YuNet model (yunet/yunet_s_dynamic.onnx) is not available: set {SharedData.ModelsVariable}.";
        }
        else if (needsOrl && SharedData.OrlFaces is null)
        {
            Skip = $"The ORL faces are not available: set {SharedData.OrlFacesVariable}.";
        }
    }
}
