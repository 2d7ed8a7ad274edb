using Siamese.Model;

namespace Siamese.Testing;

/// <summary>
/// A fact that needs data from the shared folder (the YuNet model and the ORL faces unless told otherwise; the
/// UltraFace model and the grocery produce when asked); skipped with the reason when any is absent.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedDataFactAttribute(bool needsOrl = true) : FactAttribute
{
    public bool NeedsOrl { get; } = needsOrl;

    /// <summary>The YuNet model (default true).</summary>
    public bool NeedsYuNet { get; set; } = true;

    /// <summary>The UltraFace model (default false).</summary>
    public bool NeedsUltraFace { get; set; }

    /// <summary>The grocery produce dataset (default false).</summary>
    public bool NeedsGrocery { get; set; }

    public override string? Skip
    {
        get => base.Skip ?? MissingSharedData(NeedsYuNet, NeedsOrl, NeedsUltraFace, NeedsGrocery);
        set => base.Skip = value;
    }

    /// <summary>Null when every named part of the shared data is here; otherwise what is missing and how to point at it.</summary>
    public static string? MissingSharedData(bool yuNet, bool orl, bool ultraFace, bool grocery = false) =>
        yuNet && SharedData.YuNetModel is null ? $"The YuNet model (yunet/yunet_s_dynamic.onnx) is not available: set {SharedData.ModelsVariable}."
        : ultraFace && SharedData.UltraFaceModel is null ? $"The UltraFace model (ultraface/version-RFB-320.onnx) is not available: set {SharedData.ModelsVariable}."
        : orl && SharedData.OrlFaces is null ? $"The ORL faces are not available: set {SharedData.OrlFacesVariable}."
        : grocery && SharedData.GroceryProduce is null ? $"The grocery produce is not available: set {SharedData.GroceryProduceVariable}."
        : null;
}
