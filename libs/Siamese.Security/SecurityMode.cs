namespace Siamese.Security;

/// <summary>How a host authenticates its callers (<c>Security:Mode</c>).</summary>
public enum SecurityMode
{
    /// <summary>Every call carries an API key (the default, and the only mode allowed off loopback).</summary>
    ApiKeys,

    /// <summary>No key is checked. Allowed only when every endpoint binds loopback (the standalone demo); logged at start.</summary>
    Open,
}
