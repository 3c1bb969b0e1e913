namespace AdminConsole.Core.Lockout;

/// <summary><c>Lockout:UnlockLinkLifetime</c>: how long a mailed self-service unlock link works.</summary>
public sealed class UnlockLinkOptions
{
    /// <summary>Bound beside <see cref="LockoutPolicyOptions"/>, but not editable from the console.</summary>
    public const string Section = LockoutPolicyOptions.Section;

    public const string Key = Section + ":" + nameof(UnlockLinkLifetime);

    /// <summary>How long after it was mailed an unlock link still lifts the lock it was issued for.</summary>
    public TimeSpan UnlockLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
