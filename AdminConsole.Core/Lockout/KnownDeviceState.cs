namespace AdminConsole.Core.Lockout;

/// <summary>The counters of one known device at one moment.</summary>
public sealed record KnownDeviceState(string Id, int Failures, DateTimeOffset? LastFailureAt, DateTimeOffset? LockedUntil, bool Revoked);
