using System.Globalization;
using System.Text.Json;
using Siamese.Contracts;

namespace Siamese.Ingest;

/// <summary>
/// Regions arrive as JSON (<c>[{"x":10,"y":20,"width":92,"height":112}]</c>) or compactly as
/// <c>x,y,width,height;x,y,width,height</c> (handy in a query string).
/// </summary>
internal static class RegionsParser
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<BoundingBox>? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        return text.StartsWith('[') ? FromJson(text) : FromCompact(text);
    }

    private static List<BoundingBox> FromJson(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<List<BoundingBox>>(text, Json)
                ?? throw FrameRejectedException.BadMetadata("regions: expected a JSON array of {x, y, width, height}.");
        }
        catch (JsonException ex)
        {
            // The parser's own message names .NET types ("could not be converted to Siamese.Contracts.BoundingBox"): say where instead.
            var where = ex.Path is { Length: > 1 } path ? $" at {path}" : "";
            throw FrameRejectedException.BadMetadata($"regions: not a JSON array of {{x, y, width, height}} in whole pixels (invalid{where}).", ex);
        }
    }

    private static List<BoundingBox> FromCompact(string text)
    {
        var boxes = new List<BoundingBox>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var n = part.Split(',', StringSplitOptions.TrimEntries);
            if (n.Length != 4 || !n.All(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
            {
                throw FrameRejectedException.BadMetadata($"regions: '{part}' is not 'x,y,width,height' in whole pixels.");
            }

            var v = n.Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            boxes.Add(new BoundingBox(v[0], v[1], v[2], v[3]));
        }

        return boxes;
    }
}
