using System.Text.Json.Serialization;
using TraceLab.Store.Metadata;

namespace TraceLab.Store;

/// <summary>
/// Source-generated JSON for the metadata section: no reflection at run time, and the property names (camelCase)
/// are part of the file format. Unknown properties are ignored on read, so newer writers may add fields.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StoreMetadata))]
internal sealed partial class StoreJsonContext : JsonSerializerContext
{
}
