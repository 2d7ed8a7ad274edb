using YamlDotNet.RepresentationModel;

namespace Siamese.Deploy.Tests;

/// <summary>Reading YAML documents (merge keys resolved) and walking them by path.</summary>
internal static class Yaml
{
    private static readonly YamlScalarNode MergeKey = new("<<");

    /// <summary>Every document of a (multi-document) YAML text, as mappings, with merge keys (<c>&lt;&lt;: *anchor</c>) resolved.</summary>
    public static IReadOnlyList<YamlMappingNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => Merge(d.RootNode)).OfType<YamlMappingNode>()];
    }

    /// <summary>
    /// A copy of <paramref name="node"/> where each mapping's <c>&lt;&lt;</c> entries are laid under its own keys, which win
    /// (YAML 1.1 merge; YamlDotNet's MergingParser rejects a key that overrides a merged one).
    /// </summary>
    private static YamlNode Merge(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var merged = new YamlMappingNode();
                foreach (var (key, value) in map.Children.Where(c => !c.Key.Equals(MergeKey)))
                {
                    merged.Children[key] = Merge(value);
                }

                if (map.Children.TryGetValue(MergeKey, out var sources))
                {
                    foreach (var source in sources is YamlSequenceNode seq ? seq.Children : [sources])
                    {
                        foreach (var (key, value) in ((YamlMappingNode)Merge(source)).Children)
                        {
                            merged.Children.TryAdd(key, value);
                        }
                    }
                }

                return merged;
            case YamlSequenceNode seq:
                return new YamlSequenceNode(seq.Children.Select(Merge));
            default:
                return node;
        }
    }

    /// <summary>The node at <paramref name="path"/> (mapping keys, or sequence indexes as numbers), or null.</summary>
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node switch
            {
                YamlMappingNode map => map.Children.TryGetValue(new YamlScalarNode(step), out var child) ? child : null,
                YamlSequenceNode seq when int.TryParse(step, out var i) && i < seq.Children.Count => seq.Children[i],
                _ => null,
            };
        }

        return node;
    }

    /// <summary>The scalar at <paramref name="path"/>, or null.</summary>
    public static string? Text(this YamlNode? node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    /// <summary>The items of the sequence at <paramref name="path"/> (none when absent).</summary>
    public static IEnumerable<YamlNode> Items(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode seq ? seq.Children : [];

    /// <summary>The key/value pairs of the mapping at <paramref name="path"/> (none when absent).</summary>
    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlMappingNode map ? map.Children.Select(c => (((YamlScalarNode)c.Key).Value!, c.Value)) : [];
}
