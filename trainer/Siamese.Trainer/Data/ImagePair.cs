namespace Siamese.Trainer.Data;

/// <summary>Two images by index into an <see cref="ImageSet"/>; genuine when both show the same identity.</summary>
public readonly record struct ImagePair(int First, int Second, bool Genuine);
