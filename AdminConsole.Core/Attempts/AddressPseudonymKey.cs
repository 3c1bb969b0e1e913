namespace AdminConsole.Core.Attempts;

/// <summary>
/// The one secret behind address pseudonyms: 256 random bits, data-protected, in the database so every instance
/// (and every restart) makes the same pseudonym of the same address.
/// </summary>
public sealed class AddressPseudonymKey
{
    public const int SingleId = 1;

    public int Id { get; set; } = SingleId;

    /// <summary>The key, protected by ASP.NET Core data protection (encrypted at rest when the key ring is).</summary>
    public required byte[] Material { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
