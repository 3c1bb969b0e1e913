namespace AdminConsole.Core.OpenId;

/// <summary>What an <see cref="OpenIdKey"/> is for.</summary>
public enum OpenIdKeyUse
{
    /// <summary>An RSA key that signs tokens (RS256); its public half is in the JWKS.</summary>
    Signing,

    /// <summary>A 256-bit key that encrypts authorization codes and refresh tokens (never published).</summary>
    Encryption,
}

/// <summary>
/// A key of the provider, kept in the database so every instance uses the same ones; its material is data-protected
/// (as safe as the data-protection key ring). A key is used from <see cref="ActiveFrom"/> until
/// <see cref="RetireAt"/>, and kept, still published and accepted, until the last token it made has expired.
/// </summary>
public sealed class OpenIdKey
{
    /// <summary>The key id (a JWT header's <c>kid</c>).</summary>
    public required string Id { get; set; }

    public OpenIdKeyUse Use { get; set; }

    /// <summary>The private key (PKCS#8) or the symmetric key, data-protected.</summary>
    public byte[] Material { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ActiveFrom { get; set; }

    public DateTimeOffset RetireAt { get; set; }
}
