using System.CommandLine;
using System.Globalization;
using Siamese.Model;

namespace Siamese.Trainer.Cli;

/// <summary><c>generate</c>: a synthetic folder-per-class dataset (for tests, demos, CI).</summary>
public static class GenerateCommand
{
    private const int MinSide = 16;
    private const int MaxSide = 4096;

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write (one sub-folder per class).", Required = true };
        var classes = new Option<int>("--classes") { Description = "Classes.", DefaultValueFactory = _ => 20 };
        var perClass = new Option<int>("--per-class") { Description = "Images per class.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 1 };
        var width = new Option<int>("--width") { Description = "Image width.", DefaultValueFactory = _ => 92 };
        var height = new Option<int>("--height") { Description = "Image height.", DefaultValueFactory = _ => 112 };
        var command = new Command("generate", "Write a synthetic dataset: a folder of images per class.") { output, classes, perClass, seed, width, height };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            Check(parse.GetValue(output)!, parse.GetValue(classes), parse.GetValue(perClass), parse.GetValue(width), parse.GetValue(height));
            var items = SyntheticDataset.Generate(parse.GetValue(output)!, parse.GetValue(classes), parse.GetValue(perClass), parse.GetValue(seed), parse.GetValue(width), parse.GetValue(height));
            Console.WriteLine($"Wrote {items.Count} images of {items.Select(i => i.Label).Distinct().Count()} classes to {parse.GetValue(output)}.");
            return 0;
        }));
        return command;
    }

    /// <summary>What the user typed, checked before any folder is made, each in the option's own words.</summary>
    private static void Check(string output, int classes, int perClass, int width, int height)
    {
        OutputFile.CheckFolder("--out", output, "to write the dataset to");

        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Order(StringComparer.Ordinal).FirstOrDefault() is { } entry)
        {
            // Before: the new classes were written among what was there (a larger earlier dataset's classes and images, or
            // the user's own), and "Wrote N images" described a folder that held more.
            throw new ArgumentException(
                $"--out '{output}' is not empty (it holds '{Path.GetFileName(entry)}'): generate writes a whole dataset, and what is there " +
                "would join it. Name a new or empty folder, or remove this one first.");
        }

        (string Name, int Value, int Min, int Max)[] ranges =
            [("--classes", classes, 1, 100_000), ("--per-class", perClass, 1, 10_000), ("--width", width, MinSide, MaxSide), ("--height", height, MinSide, MaxSide)];
        foreach (var (name, value, min, max) in ranges)
        {
            if (value < min || value > max)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min:N0} and {max:N0} (got {value:N0})."));
            }
        }
    }
}
