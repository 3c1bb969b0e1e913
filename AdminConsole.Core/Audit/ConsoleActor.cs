using System.Security.Claims;
using AdminConsole.Core.Identity;

namespace AdminConsole.Core.Audit;

/// <summary>
/// Who is acting in the console, passed to every action service, which checks the role itself: the UI hiding a
/// button is a convenience, the service refusing is the rule.
/// </summary>
public sealed record ConsoleActor(string Name, bool IsAdmin, string? Address)
{
    /// <summary>The break-glass command line on the host, not a signed-in person; it has no account to re-check.</summary>
    public bool IsCommandLine { get; private init; }

    public static ConsoleActor From(ClaimsPrincipal user, string? address) =>
        new(user.Identity?.Name ?? "unknown", user.IsInRole(AppRoles.SecurityAdmin), address);

    /// <summary>The command line, named with the operating-system user and host, for the audit log.</summary>
    public static ConsoleActor CommandLine() =>
        new($"command line ({Environment.UserName}@{Environment.MachineName})", IsAdmin: true, Address: null) { IsCommandLine = true };
}

/// <summary>How an admin action ended.</summary>
public enum AdminOutcome
{
    Done,
    Forbidden,
    NotFound,
    Invalid,
    NoChange,

    /// <summary>Refused by a limit on how often the actor may do this (for example invitations per hour).</summary>
    RateLimited,
}

/// <summary>An admin action's outcome with a sentence for the person who asked.</summary>
public sealed record AdminResult(AdminOutcome Outcome, string Message)
{
    public bool Succeeded => Outcome == AdminOutcome.Done;

    public static readonly AdminResult Forbidden = new(AdminOutcome.Forbidden, "Only a SecurityAdmin can do this.");
    public static readonly AdminResult NotFound = new(AdminOutcome.NotFound, "There is no account with that email.");
}

/// <summary>
/// One page of a list and how many rows match in all. When <paramref name="TotalIsCapped"/> is set, more than
/// <paramref name="Total"/> rows match and the list stopped counting there (see <see cref="Data.Paging.CountCap"/>).
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, bool TotalIsCapped = false);
