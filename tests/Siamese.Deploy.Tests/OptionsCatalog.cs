using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.Configuration;

namespace Siamese.Deploy.Tests;

/// <summary>
/// Every options section the Siamese assemblies bind (a class with a <c>SectionName</c> constant), and a check that
/// a set of environment variables names only real options with values that bind — through the configuration binder
/// the hosts use, told to fail on a key no property takes.
/// </summary>
internal sealed class OptionsCatalog
{
    /// <summary>Settings that are not Siamese options but that the runtime, ASP.NET Core, OpenTelemetry or the GPU image read.</summary>
    private static readonly string[] PlatformPrefixes = ["ASPNETCORE_", "DOTNET_", "OTEL_", "NVIDIA_", "Kestrel__", "Logging__"];

    private OptionsCatalog(IReadOnlyDictionary<string, Type> sections) => Sections = sections;

    public static OptionsCatalog Instance { get; } = Load();

    /// <summary>Section name (<c>Match:Qdrant</c>) → options class.</summary>
    public IReadOnlyDictionary<string, Type> Sections { get; }

    /// <summary>What is wrong with <paramref name="environment"/> (variable → value; null when it comes from elsewhere), one line each.</summary>
    public IReadOnlyList<string> Problems(IReadOnlyDictionary<string, string?> environment)
    {
        var problems = new List<string>();
        var bySection = new Dictionary<string, Dictionary<string, string?>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in environment)
        {
            if (PlatformPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            var key = name.Replace("__", ":", StringComparison.Ordinal);
            var section = Sections.Keys.Where(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)).MaxBy(s => s.Length);
            if (section is null)
            {
                problems.Add($"{name}: no options section takes it (sections: {string.Join(", ", Sections.Keys.Order(StringComparer.Ordinal))})");
                continue;
            }

            if (!bySection.TryGetValue(section, out var keys))
            {
                bySection[section] = keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            }

            // A value only known at run time (a secret) still has to name a property: bind a placeholder the type accepts.
            keys[key] = value;
        }

        foreach (var (section, keys) in bySection)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(keys).Build();
            try
            {
                configuration.GetSection(section).Bind(Activator.CreateInstance(Sections[section])!, o => o.ErrorOnUnknownConfiguration = true);
            }
            catch (InvalidOperationException ex)
            {
                problems.Add($"{string.Join(", ", keys.Keys)}: {Sections[section].Name} ({section}) does not bind them: {ex.Message}{(ex.InnerException is { } inner ? " " + inner.Message : "")}");
            }
        }

        return problems;
    }

    private static OptionsCatalog Load()
    {
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in SiameseAssemblies())
        {
            foreach (var type in LoadableTypes(assembly))
            {
                if (type is { IsClass: true, IsAbstract: false } && type.GetConstructor(Type.EmptyTypes) is not null
                    && type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
                    && field.GetRawConstantValue() is string name)
                {
                    sections[name] = type;
                }
            }
        }

        return new OptionsCatalog(sections);
    }

    /// <summary>The product's assemblies beside the tests (services, libraries), not the tests themselves.</summary>
    private static IEnumerable<Assembly> SiameseAssemblies() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "Siamese.*.dll")
            .Where(f => !Path.GetFileName(f).Contains(".Tests", StringComparison.Ordinal))
            .Select(f => AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => a.GetName().Name == Path.GetFileNameWithoutExtension(f))
                ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(f));

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }
}
