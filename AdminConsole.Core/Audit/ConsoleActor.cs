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

/// <summary>How an admin action ended; the API answers each with one status (see the API's AdminAnswers).</summary>
public enum AdminOutcome
{
    /// <summary>Done: 200 (or 201 for a creation).</summary>
    Done,

    /// <summary>The actor may not do this: 403.</summary>
    Forbidden,

    /// <summary>What the action names does not exist: 404.</summary>
    NotFound,

    /// <summary>Bad input, with <see cref="AdminResult.Errors"/> per field when a field is to blame: 400.</summary>
    Invalid,

    /// <summary>Conflicts with the current state (already done, already exists): 409.</summary>
    NoChange,

    /// <summary>Refused by a limit on how often the actor may do this (for example invitations per hour): 429.</summary>
    RateLimited,
}

/// <summary>
/// An admin action's outcome with a sentence for the person who asked, and for bad input the error per field.
/// The one result shape of every admin action; <see cref="AdminResult{T}"/> adds what a successful action made.
/// </summary>
public record AdminResult(AdminOutcome Outcome, string Message)
{
    private static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();

    /// <summary>For <see cref="AdminOutcome.Invalid"/>: the error per field (named as in the request), if any.</summary>
    public IReadOnlyDictionary<string, string> Errors { get; init; } = NoErrors;

    public bool Succeeded => Outcome == AdminOutcome.Done;

    public static readonly AdminResult Forbidden = new(AdminOutcome.Forbidden, "Only a SecurityAdmin can do this.");
    public static readonly AdminResult NotFound = new(AdminOutcome.NotFound, "There is no account with that email.");

    /// <summary>Bad input in the named fields; the message joins the errors for a one-line notice.</summary>
    public static AdminResult Invalid(IReadOnlyDictionary<string, string> errors) =>
        new(AdminOutcome.Invalid, string.Join(" ", errors.Values)) { Errors = errors };

    public static AdminResult Invalid(string field, string error) => Invalid(new Dictionary<string, string> { [field] = error });

    /// <summary>A successful action and what it made.</summary>
    public static AdminResult<T> Done<T>(T value, string message)
        where T : class => new(AdminOutcome.Done, message, value);

    /// <summary>This failure (of any kind) as the result of an action that would have made a <typeparamref name="T"/>.</summary>
    public AdminResult<T> As<T>()
        where T : class => new(Outcome, Message) { Errors = Errors };
}

/// <summary>An admin action that makes or changes something: on success, <see cref="Value"/> is it.</summary>
public sealed record AdminResult<T>(AdminOutcome Outcome, string Message, T? Value = default) : AdminResult(Outcome, Message)
    where T : class;

/// <summary>
/// One page of a list and how many rows match in all. When <paramref name="TotalIsCapped"/> is set, more than
/// <paramref name="Total"/> rows match and the list stopped counting there (see <see cref="Data.Paging.CountCap"/>).
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, bool TotalIsCapped = false);
