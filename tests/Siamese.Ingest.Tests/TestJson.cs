using System.Text.Json;

namespace Siamese.Ingest.Tests;

internal static class TestJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
