namespace Siamese.Web;

/// <summary>One file of the page: its bytes, media type and entity tag (a hash of the bytes).</summary>
internal sealed record WebAsset(byte[] Content, string ContentType, string ETag);
