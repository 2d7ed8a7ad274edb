using Siamese.Imaging;
using Siamese.Model;

namespace Siamese.Trainer.Data;

/// <summary>Images decoded for training and evaluation: a file that cannot be decoded is an error naming it.</summary>
public static class ImageFiles
{
    /// <summary>How many unreadable files an error names; the rest are counted.</summary>
    public const int NamedInError = 10;

    /// <summary>The key of an unreadable file's path in the <see cref="Exception.Data"/> of the error naming it.</summary>
    public const string PathKey = "siamese.path";

    /// <exception cref="InvalidDataException">The file is not an image the decoder reads.</exception>
    public static GrayImage LoadGray(string path) => Decode(path, p => ImageDecoder.LoadGray(p));

    /// <exception cref="InvalidDataException">The file is not an image the decoder reads.</exception>
    public static RgbImage LoadRgb(string path) => Decode(path, p => ImageDecoder.LoadRgb(p));

    /// <summary>
    /// The error to report for <paramref name="first"/> (an error of these loaders, or any other, returned as it is): itself
    /// when it is the only unreadable image of its dataset
    /// (the folder of class folders holding it), else one error naming every unreadable image there, so that the data
    /// is mended in one pass rather than one run per file. Reads every image of that dataset, on this error path only.
    /// </summary>
    public static Exception WithTheOthers(Exception first)
    {
        ArgumentNullException.ThrowIfNull(first);
        if (first is not InvalidDataException || first.Data[PathKey] is not string path)
        {
            return first;
        }

        var root = Path.GetDirectoryName(Path.GetDirectoryName(path));
        if (root is null || !Directory.Exists(root))
        {
            return first;
        }

        IReadOnlyList<LabeledImage> items;
        try
        {
            items = FolderDataset.Scan(root);
        }
        catch (InvalidDataException)
        {
            return first;
        }

        var reasons = new string?[items.Count];
        Parallel.For(0, items.Count, i =>
        {
            try
            {
                ImageDecoder.LoadGray(items[i].Path);
            }
            catch (ImageDecodeException e)
            {
                reasons[i] = e.Message;
            }
        });
        var unreadable = items.Select((item, i) => (item.Path, Reason: reasons[i])).Where(x => x.Reason is not null).ToList();
        if (unreadable.Count <= 1)
        {
            return first;
        }

        var named = string.Join("; ", unreadable.Take(NamedInError).Select(x => $"'{x.Path}': {x.Reason!.TrimEnd('.')}"));
        var more = unreadable.Count > NamedInError ? $"; and {unreadable.Count - NamedInError} more" : "";
        return new InvalidDataException($"{unreadable.Count} of the {items.Count} images in '{root}' cannot be read: {named}{more}. Mend or remove them and run again.", first);
    }

    private static T Decode<T>(string path, Func<string, T> decode)
    {
        try
        {
            return decode(path);
        }
        catch (ImageDecodeException e)
        {
            throw new InvalidDataException($"Cannot read '{path}': {e.Message}", e) { Data = { [PathKey] = path } };
        }
    }
}
