namespace AdminConsole.Core.Lockout;

/// <summary>How far an account's lock reaches, as the console shows it.</summary>
public enum LockScope
{
    /// <summary>Not locked.</summary>
    None,

    /// <summary>An automatic tier lock: devices that signed in before may still sign in, on their own counters.</summary>
    NewDevices,

    /// <summary>An admin lock, the consecutive-failure limit or a disabled account: no device gets in.</summary>
    Everywhere,
}
