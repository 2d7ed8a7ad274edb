using Siamese.Imaging;

namespace Siamese.Model;

/// <summary>A folder per class: <c>root/&lt;label&gt;/*.{pgm,png,jpg,...}</c>.</summary>
public static class FolderDataset
{
    /// <summary>Every image under <paramref name="root"/>, ordered by label then file name (ordinal, numbers naturally).</summary>
    public static IReadOnlyList<LabeledImage> Scan(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Dataset folder '{root}' does not exist.");
        }

        var images = new List<LabeledImage>();
        foreach (var classDir in Directory.GetDirectories(root).Order(NaturalComparer.Instance))
        {
            var label = System.IO.Path.GetFileName(classDir);
            foreach (var file in Directory.GetFiles(classDir).Order(NaturalComparer.Instance))
            {
                if (ImageDecoder.Extensions.Contains(System.IO.Path.GetExtension(file)))
                {
                    images.Add(new LabeledImage(label, file));
                }
            }
        }

        if (images.Count == 0)
        {
            throw new InvalidDataException($"Dataset folder '{root}' has no images in class sub-folders.");
        }

        return images;
    }
}
