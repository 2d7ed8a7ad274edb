namespace Siamese.Security;

/// <summary>The names callers and hosts agree on.</summary>
public static class ApiKeyDefaults
{
    /// <summary>The authentication scheme.</summary>
    public const string Scheme = "ApiKey";

    /// <summary>The HTTP header (and gRPC metadata key, lower case on the wire) carrying the key.</summary>
    public const string Header = "X-Api-Key";

    /// <summary>Also accepted: <c>Authorization: ApiKey &lt;key&gt;</c> (or <c>Bearer &lt;key&gt;</c>, for gRPC clients that only set that).</summary>
    public const string AuthorizationScheme = "ApiKey";

    /// <summary>The policy of the admin API: the admin key (or open mode).</summary>
    public const string AdminPolicy = "SiameseAdmin";

    /// <summary>The answer to a call without a valid key: the same whether the key is missing, malformed, unknown or revoked.</summary>
    public const string UnauthenticatedMessage =
        "A valid API key is required: send it in the X-Api-Key header (gRPC metadata x-api-key) or as 'Authorization: ApiKey <key>'.";

    /// <summary>The answer to a valid key that may not make the call: never says whether the thing asked for exists.</summary>
    public const string ForbiddenMessage = "This API key is not allowed to make this call.";
}
