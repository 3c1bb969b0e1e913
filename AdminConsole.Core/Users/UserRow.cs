namespace AdminConsole.Core.Users;

/// <summary>One account on the users page: its console roles and whether it may sign in.</summary>
public sealed record UserRow(
    string Id,
    string Email,
    IReadOnlyList<string> Roles,
    bool IsDisabled,
    bool PasswordSet,
    DateTimeOffset? LastSignInAt);

/// <summary>A page of the users list: <paramref name="ConsoleOnly"/> keeps accounts with a console role or an open invitation.</summary>
public sealed record UserQuery(string? Search = null, bool ConsoleOnly = true, int Page = 0, int PageSize = 50);
