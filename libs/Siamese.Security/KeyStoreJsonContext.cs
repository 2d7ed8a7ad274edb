using System.Text.Json.Serialization;

namespace Siamese.Security;

/// <summary>Source-generated JSON for the key store file (camelCase, indented so an operator can read it).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(KeyStoreDocument))]
internal sealed partial class KeyStoreJsonContext : JsonSerializerContext;
