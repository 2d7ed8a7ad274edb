namespace Siamese.Model;

/// <summary>One image file of a folder-per-class dataset.</summary>
public sealed record LabeledImage(string Label, string Path);
