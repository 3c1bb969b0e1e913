namespace AdminConsole.Core.Data;

/// <summary>
/// A random secret every instance shares, kept in the database and data-protected (as safe as the key ring, and
/// encrypted at rest when that is). Read through <see cref="ServerSecrets"/>.
/// </summary>
public sealed class ServerSecret
{
    public required string Name { get; set; }

    /// <summary>The secret's bytes, protected by ASP.NET Core data protection.</summary>
    public required byte[] Material { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
