using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Siamese.ServiceDefaults;

/// <summary>
/// Settings that no property takes, in the sections a host binds: <c>--Crops:MinScor 0.5</c> (or
/// <c>Crops__MinScor</c>) was ignored without a word, and the host ran on the default. A section is checked when its
/// options class (a class of the Siamese assemblies with a <c>SectionName</c> constant) is bound by this host; a key
/// belongs to the most specific section that names it (<c>Match:Qdrant:Url</c> is Qdrant's, not Match's), so the
/// settings of a section this host does not bind (Qdrant's on a host with the embedded index) are left alone.
/// </summary>
internal static class UnknownSettings
{
    private static readonly Lazy<IReadOnlyDictionary<string, Type>> Sections = new(FindSections);

    /// <summary>The section an options class binds (<c>CropOptions</c> → <c>Crops</c>), by the class's name; null when none is known.</summary>
    public static string? SectionOf(string optionsType) =>
        Sections.Value.FirstOrDefault(s => s.Value.Name == optionsType).Key;

    /// <summary>One line per key that no property of its section takes.</summary>
    public static IReadOnlyList<string> Problems(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var problems = new List<string>();
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is null)
            {
                continue;
            }

            var section = Sections.Value.Keys.Where(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)).MaxBy(s => s.Length);
            if (section is null || !IsBound(services, Sections.Value[section]))
            {
                continue;
            }

            var type = Sections.Value[section];
            var single = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
            try
            {
                single.GetSection(section).Bind(Activator.CreateInstance(type)!, o => o.ErrorOnUnknownConfiguration = true);
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("were not found on the instance", StringComparison.Ordinal))
            {
                problems.Add(Describe(key, section, type));
            }
            catch (InvalidOperationException)
            {
                // A value that does not convert: the host's own binding names it.
            }
        }

        // Kestrel's section is read by Kestrel, not by an options class of ours: checked against what Kestrel reads.
        problems.AddRange(KestrelSettings.Problems(configuration));
        return problems;
    }

    // Settings of earlier releases and where they went (README, Settings): an operator's old configuration is told the
    // new name instead of being ignored.
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Embed:ModelPath"] = "Models:Embedding",
        ["Detect:EmbeddingModelPath"] = "Models:Embedding",
        ["Detect:YuNetModelPath"] = "Models:YuNet",
        ["Match:YuNetModelPath"] = "Models:YuNet",
        ["Detect:UltraFaceModelPath"] = "Models:UltraFace",
        ["Embed:MaxImageBytes"] = "ImageLimits:MaxBytes",
        ["Detect:MaxImageBytes"] = "ImageLimits:MaxBytes",
        ["Match:MaxImageBytes"] = "ImageLimits:MaxBytes",
        ["Ingest:MaxFrameBytes"] = "ImageLimits:MaxBytes",
        ["Embed:MaxImagePixels"] = "ImageLimits:MaxPixels",
        ["Detect:MaxImagePixels"] = "ImageLimits:MaxPixels",
        ["Match:MaxImagePixels"] = "ImageLimits:MaxPixels",
        ["Ingest:MaxFramePixels"] = "ImageLimits:MaxPixels",
        ["Detect:DefaultDetector"] = "Crops:Detector",
        ["Detect:ScoreThreshold"] = "Crops:MinScore",
        ["Detect:MaxCropsPerFrame"] = "Crops:MaxCrops",
        ["Detect:NmsIouThreshold"] = "Crops:NmsIouThreshold",
        ["Detect:MaxCandidates"] = "Crops:MaxCandidates",
        ["Detect:MinCropSize"] = "Crops:MinCropSize",
        ["Detect:BoxScale"] = "Crops:BoxScale",
        ["Detect:BoxShiftY"] = "Crops:BoxShiftY",
        ["Detect:IntraOpThreads"] = "Crops:IntraOpThreads",
    };

    private static string Describe(string key, string section, Type type)
    {
        if (Renamed.TryGetValue(key, out var renamed))
        {
            return $"{key} was renamed: set {renamed} (environment {renamed.Replace(":", "__", StringComparison.Ordinal)}) instead.";
        }

        var name = key[(section.Length + 1)..];
        if (name.Contains(':', StringComparison.Ordinal))
        {
            return $"{key} is not a setting: nothing in {section} takes it.";
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } || (p.PropertyType != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(p.PropertyType)))
            .Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        return $"{key} is not a setting.{DidYouMean(name, properties, section)} {section} takes {string.Join(", ", properties)}.";
    }

    // The options of this host: its section was bound (Bind and BindConfiguration register an IConfigureOptions).
    private static bool IsBound(IServiceProvider services, Type options) =>
        services.GetService(typeof(IEnumerable<>).MakeGenericType(typeof(IConfigureOptions<>).MakeGenericType(options))) is IEnumerable<object> configure
        && configure.Any();

    private static Dictionary<string, Type> FindSections()
    {
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in SiameseAssemblies())
        {
            Type[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                types = [.. e.Types.OfType<Type>()];
            }

            foreach (var type in types)
            {
                if (type is { IsClass: true, IsAbstract: false } && type.GetConstructor(Type.EmptyTypes) is not null
                    && type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
                    && field.GetRawConstantValue() is string name)
                {
                    sections[name] = type;
                }
            }
        }

        return sections;
    }

    // Every Siamese assembly beside the host, loaded or not yet: a section's owner must be known even when the host has
    // not touched its assembly (Qdrant's on a host with the embedded index), or its keys would look like Match's.
    private static IEnumerable<Assembly> SiameseAssemblies() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "Siamese.*.dll")
            .Where(f => !Path.GetFileName(f).Contains(".Tests", StringComparison.Ordinal))
            .Select(f =>
            {
                var name = Path.GetFileNameWithoutExtension(f);
                try
                {
                    return AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == name) ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(f);
                }
                catch (Exception ex) when (ex is BadImageFormatException or FileLoadException)
                {
                    return null;
                }
            })
            .OfType<Assembly>()
            .Concat(AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name?.StartsWith("Siamese.", StringComparison.Ordinal) == true))
            .Distinct();

    /// <summary>
    /// " Did you mean {owner}:{name}?" for the one of <paramref name="names"/> within two edits of <paramref name="name"/>
    /// (case aside) and not that name itself, else "".
    /// </summary>
    internal static string DidYouMean(string name, IEnumerable<string> names, string owner)
    {
        var given = name.ToUpperInvariant();
        var nearest = names.Where(n => !string.Equals(n, name, StringComparison.OrdinalIgnoreCase)).MinBy(n => Distance(n.ToUpperInvariant(), given));
        return nearest is not null && Distance(nearest.ToUpperInvariant(), given) <= 2 ? $" Did you mean {owner}:{nearest}?" : "";
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
