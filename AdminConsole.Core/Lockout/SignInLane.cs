namespace AdminConsole.Core.Lockout;

/// <summary>Which counters an attempt is judged by.</summary>
public enum SignInLane
{
    /// <summary>The account is not locked: the account's counters (and the device's, when it is known).</summary>
    Account,

    /// <summary>
    /// The account is locked for new devices (an automatic tier lock) and this device signed in to it before and
    /// is neither revoked nor locked: the device's own counter, the account stays locked for everyone else.
    /// </summary>
    KnownDevice,

    /// <summary>Locked: answered before the password is checked, exactly as for a stranger.</summary>
    Refused,
}
