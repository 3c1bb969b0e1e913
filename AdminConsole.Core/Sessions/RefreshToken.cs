namespace AdminConsole.Core.Sessions;

/// <summary>
/// One refresh token of a token-client session, stored only as its SHA-256 hash. Each refresh spends the token and
/// issues the next; presenting a spent token again means it was copied, and ends the whole session.
/// </summary>
public sealed class RefreshToken
{
    /// <summary>SHA-256 of the token, base64url (43 characters).</summary>
    public required string Hash { get; set; }

    public required string SessionId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When it was exchanged for the next pair; a spent token is never accepted again.</summary>
    public DateTimeOffset? SpentAt { get; set; }
}

/// <summary>A key that signs access tokens; its material is data-protected. Keys rotate; old ones verify until retired.</summary>
public sealed class TokenSigningKey
{
    /// <summary>The key id, the JWT header's <c>kid</c>.</summary>
    public required string Id { get; set; }

    public byte[] Material { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}
