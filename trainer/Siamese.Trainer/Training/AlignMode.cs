namespace Siamese.Trainer.Training;

/// <summary>How the trainer cuts each image before preprocessing; recorded in the model (siamese.crop) so servers cut the same way.</summary>
public enum AlignMode
{
    /// <summary>The whole image, resized (any folder-per-class data: items, pre-cropped faces).</summary>
    None,

    /// <summary>
    /// Faces: YuNet finds the face and its five landmarks, Siamese.Detection aligns it into the ORL frame — the same
    /// code the detect service runs on camera frames, so served crops match training crops.
    /// </summary>
    YuNet,
}
