namespace AdminConsole.Core.Lockout;

/// <summary>An account's known devices and how far its lock reaches, for the account page.</summary>
public sealed record AccountDevices(LockScope Scope, IReadOnlyList<KnownDeviceView> Devices);
