namespace Siamese.Trainer.Towers;

/// <summary>
/// Shape of a tower. EmbeddingDimension 0 means the architecture's own default (Baseline 50, Default: its flattened descriptor grid, 768 at 56×46);
/// a negative Dropout means the architecture's own rates, otherwise every dropout layer uses that rate.
/// </summary>
/// <param name="Mirror">Conv and face towers: the embedding is of g(x) + g(mirror(x)) (<see cref="MirrorSum"/>).</param>
/// <param name="Members">Conv tower: M ≥ 1 member stacks started from their own random weights, their unit-length
/// embeddings concatenated × 1/√M (<see cref="MemberConcat"/>); 1 is the plain tower.</param>
/// <param name="Channels">C of the [N,C,H,W] input: 1 (gray) or 3 (RGB). The backbone tower's head reads features, [N,1,1,F].</param>
/// <param name="ServedShift">Conv tower: S > 0 embeds, outside training, the unit-length mean over the image and its
/// four diagonal S-pixel shifts (<see cref="ShiftedViews"/>); 0 the image alone.</param>
/// <param name="PatchScales">Patch and face towers: 1, each patch at the input's resolution; 2, also each patch at half
/// resolution (<see cref="PatchWhitening.Regions"/>), twice the patches.</param>
/// <param name="ConvShare">Face tower: s > 0 adds a conv companion trained beside the patch maps, and the embedding
/// joins the two with weights √(1 − s) and √s, so s is the companion's share of every squared distance
/// (<see cref="ShareConcat"/>); 0, the patch maps alone.</param>
/// <param name="Pooling">Backbone tower: how the head pools ResNet18's last block (<see cref="BackbonePooling"/>); with
/// attention its features [N,1,1,F] start with the block's map.</param>
public sealed record TowerOptions(TowerKind Kind, int InputHeight, int InputWidth, int EmbeddingDimension = 0, double Dropout = -1, bool Mirror = false, int Channels = 1, int Members = 1, int ServedShift = 0, int PatchScales = 1, double ConvShare = 0, BackbonePooling Pooling = BackbonePooling.Average);
