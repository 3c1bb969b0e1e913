namespace AdminConsole.Core.Accounts;

public enum AccountState
{
    Active,
    Locked,
    LockedUntilUnlocked,
    Disabled,
}

public enum AccountSort
{
    Email,
    Failures,
    LastFailure,
    LastSignIn,
}

/// <summary>An account as the console lists it.</summary>
public sealed record AccountRow(
    string UserId,
    string Email,
    AccountState State,
    int Tier,
    int Failures,
    DateTimeOffset? LockedUntil,
    DateTimeOffset? LastFailureAt,
    string? LastFailureAddress,
    DateTimeOffset? LastSignInAt,
    string? LastSignInAddress,
    int ConsecutiveFailures);

/// <summary>What the accounts grid asks for.</summary>
public sealed record AccountQuery(
    string? Search = null,
    AccountState? State = null,
    AccountSort Sort = AccountSort.Email,
    bool Descending = false,
    int Page = 0,
    int PageSize = 25,
    bool LockedOnly = false,
    int? Tier = null);
