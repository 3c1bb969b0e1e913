using AdminConsole.Core.Audit;
using AdminConsole.Core.Mail;
using AdminConsole.Core.Users;

namespace AdminConsole;

/// <summary>
/// <c>create-admin EMAIL --reason "TEXT"</c>: the way to the first SecurityAdmin in production, and to another one
/// when none can sign in. A new address is invited as a SecurityAdmin (<see cref="UserAdminService.InviteAsync"/>,
/// which also mails the invitation); an existing account is made one (<see cref="UserAdminService.GrantRoleAsync"/>).
/// Either way one audit event names the command line and the operating-system user, and the command prints a
/// one-use link to choose a password; the console then asks for a second factor before it shows anything
/// (<c>Console:RequireTwoFactor</c>). An account that is a SecurityAdmin already gets no link and no event.
/// Exit codes: 0 done or nothing to do, 1 refused, 2 usage.
/// </summary>
public static class CreateAdminCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var email = args.Length > 1 && !args[1].StartsWith('-') ? args[1].Trim() : "";
        var reason = AppCommand.Option(args, "--reason");
        if (email.Length == 0 || AuditReason.Error(reason) is not null)
        {
            await error.WriteLineAsync(
                $"create-admin: give the account's email address and a reason with --reason \"...\": it is kept in the audit log. Nothing was changed.{Environment.NewLine}{AppCommand.UsageOf("create-admin")}");
            return AppCommand.Usage;
        }

        await using var scope = services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        var actor = ConsoleActor.CommandLine();
        var result = await admin.InviteAsync(email, AppRoles.SecurityAdmin, reason!, actor, cancellationToken);
        if (result.Outcome == AdminOutcome.NoChange)
        {
            result = await admin.GrantRoleAsync(email, AppRoles.SecurityAdmin, reason!, actor, cancellationToken);
        }

        switch (result.Outcome)
        {
            case AdminOutcome.Done:
                var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email)
                    ?? throw new InvalidOperationException($"{email} was just made a SecurityAdmin and cannot be found.");
                var link = await scope.ServiceProvider.GetRequiredService<AccountMail>().SetPasswordLinkAsync(user);
                await output.WriteLineAsync($"""
                    {email} is a SecurityAdmin. Audit event written (actor: {actor.Name}, reason: {reason!.Trim()}).
                    Give this one-use link to its owner only; it sets a new password, and the console then asks for a second
                    factor (authenticator app or passkey). It ends when used, or after a day:
                      {link}
                    """);
                return AppCommand.Done;
            case AdminOutcome.NoChange:
                await output.WriteLineAsync($"{email}: {result.Message} Nothing changed; no link issued (use \"Forgot your password?\" on the sign-in page).");
                return AppCommand.Done;
            case AdminOutcome.Invalid:
                await error.WriteLineAsync($"create-admin: {result.Message} Nothing was changed.{Environment.NewLine}{AppCommand.UsageOf("create-admin")}");
                return AppCommand.Usage;
            default:
                await error.WriteLineAsync($"create-admin: {result.Message} Nothing was changed.");
                return AppCommand.Failed;
        }
    }
}
