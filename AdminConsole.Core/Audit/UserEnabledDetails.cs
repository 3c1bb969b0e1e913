namespace AdminConsole.Core.Audit;

/// <summary>An account enabled again: nothing more to say than the event (stored as <c>{}</c>).</summary>
public sealed record UserEnabledDetails : ISecurityEventDetails;
