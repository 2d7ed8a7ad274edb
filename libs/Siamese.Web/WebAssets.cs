using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace Siamese.Web;

/// <summary>The page's files, read once from this assembly's embedded <c>wwwroot</c>, keyed by their path under it.</summary>
internal static class WebAssets
{
    private const string Prefix = "wwwroot/";

    private static readonly Lazy<IReadOnlyDictionary<string, WebAsset>> All = new(Load);

    public static WebAsset? Find(string path) => All.Value.GetValueOrDefault(path.TrimStart('/'));

    private static IReadOnlyDictionary<string, WebAsset> Load()
    {
        var assembly = typeof(WebAssets).Assembly;
        var types = new FileExtensionContentTypeProvider();
        var assets = new Dictionary<string, WebAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var path = name[Prefix.Length..].Replace('\\', '/');
            var content = Read(assembly, name);
            var type = types.TryGetContentType(path, out var t) ? t : "application/octet-stream";
            if (type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "text/javascript")
            {
                type += "; charset=utf-8";
            }

            assets[path] = new WebAsset(content, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 8))}\"");
        }

        return assets;
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
