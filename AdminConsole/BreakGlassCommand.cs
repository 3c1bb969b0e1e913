using System.Globalization;
using AdminConsole.Core.Accounts;
using AdminConsole.Core.Audit;

namespace AdminConsole;

/// <summary>
/// Break-glass commands for when nobody can sign in to the console (the last admin is locked until unlocked):
/// <c>dotnet run --project AdminConsole -- unlock EMAIL --reason "TEXT"</c> and <c>status EMAIL</c>. They work
/// on the configured database beside a running app (SQLite in WAL mode, SQL Server as usual) and never start
/// the web server. Unlock goes through <see cref="AccountAdminService"/>, the console's own unlock, so it clears
/// the same state and writes the same audit event, with the command line and the operating-system user as the
/// actor. Exit codes: 0 done, 1 no such account, 2 usage.
/// </summary>
public static class BreakGlassCommand
{
    public const int Done = AppCommand.Done;
    public const int UnknownAccount = AppCommand.Failed;
    public const int Usage = AppCommand.Usage;

    private static string UsageText => AppCommand.UsageOf("unlock", "status");

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var email = args.Length > 1 && !args[1].StartsWith('-') ? args[1].Trim() : "";
        if (email.Length == 0)
        {
            await error.WriteLineAsync($"{args[0]}: give the account's email address.{Environment.NewLine}{UsageText}");
            return Usage;
        }

        await using var scope = services.CreateAsyncScope();
        if (args[0] == "status")
        {
            return await StatusAsync(scope.ServiceProvider.GetRequiredService<AccountQueries>(), email, output, error, cancellationToken);
        }

        var reason = AppCommand.Option(args, "--reason");
        if (string.IsNullOrWhiteSpace(reason))
        {
            await error.WriteLineAsync($"unlock: give a reason with --reason \"...\": it is kept in the audit log.{Environment.NewLine}{UsageText}");
            return Usage;
        }

        var admin = scope.ServiceProvider.GetRequiredService<AccountAdminService>();
        var result = await admin.UnlockAsync(email, reason, ConsoleActor.CommandLine(), cancellationToken);
        switch (result.Outcome)
        {
            case AdminOutcome.Done:
                await output.WriteLineAsync($"{result.Message} Audit event written (actor: {ConsoleActor.CommandLine().Name}, reason: {reason.Trim()}).");
                return Done;
            case AdminOutcome.NoChange:
                await output.WriteLineAsync($"{email}: {result.Message} Nothing changed.");
                return Done;
            case AdminOutcome.NotFound:
                await error.WriteLineAsync($"{email}: {result.Message}");
                return UnknownAccount;
            default:
                await error.WriteLineAsync($"unlock: {result.Message}{Environment.NewLine}{UsageText}");
                return Usage;
        }
    }

    private static async Task<int> StatusAsync(AccountQueries accounts, string email, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (await accounts.GetAsync(email, cancellationToken) is not { } account)
        {
            await error.WriteLineAsync($"{email}: {AdminResult.NotFound.Message}");
            return UnknownAccount;
        }

        var lockText = account.State switch
        {
            AccountState.LockedUntilUnlocked => "locked until an admin unlocks",
            AccountState.Locked => $"locked until {Utc(account.LockedUntil)}",
            AccountState.Disabled => "disabled",
            _ => "not locked",
        };
        await output.WriteLineAsync($"""
            {account.Email}
              state:                {lockText}
              tier:                 {account.Tier}
              lock end:             {(account.State == AccountState.LockedUntilUnlocked ? "none (until an admin unlocks)" : Utc(account.LockedUntil))}
              failures:             {account.Failures}
              consecutive failures: {account.ConsecutiveFailures}
              last failure:         {Utc(account.LastFailureAt)}{From(account.LastFailureAddress)}
              last sign-in:         {Utc(account.LastSignInAt)}{From(account.LastSignInAddress)}
            """);
        return Done;
    }

    private static string From(string? address) => address is null ? "" : $" from {address}";

    private static string Utc(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "–";
}
