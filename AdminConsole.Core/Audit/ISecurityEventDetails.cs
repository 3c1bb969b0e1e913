namespace AdminConsole.Core.Audit;

/// <summary>
/// The typed details of one kind of <see cref="SecurityEvent"/>: written by <see cref="SecurityEvents"/>, read back
/// with <see cref="SecurityEvent.DetailsAs{T}"/>. Renaming a property renames a stored JSON field, so a test reads
/// rows in the stored shape back through each type.
/// </summary>
public interface ISecurityEventDetails;
