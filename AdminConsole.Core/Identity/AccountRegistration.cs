using AdminConsole.Core.Mail;

namespace AdminConsole.Core.Identity;

/// <summary>
/// Self-service registration that does not tell who has an account (ASVS 6.3.8): a new address gets an account
/// and a confirmation mail; an address that already has an account gets no second one, and its owner is told by
/// mail that someone tried. When registration is closed for the address (<see cref="RegistrationOptions"/>), a new
/// address is answered as a taken one, so neither which addresses exist nor which domains may register shows.
/// Every case answers the same, after the same checks and the same hashing work.
/// </summary>
public sealed partial class AccountRegistration(
    UserManager<AppUser> users,
    AccountMail mail,
    IOptionsMonitor<RegistrationOptions> registration,
    ILogger<AccountRegistration> log)
{
    /// <summary>
    /// Success for a new and for a taken address alike; failure only for what the caller typed (a password the
    /// policy refuses, an unusable address), which is judged before the address is looked up.
    /// </summary>
    /// <param name="mayMailOwner">
    /// False when the caller's per-account limit is spent: a taken address then gets the same answer but its owner
    /// no further mail, so repeated registrations cannot flood a mailbox.
    /// </param>
    public async Task<IdentityResult> RegisterAsync(string email, string password, string? returnUrl, bool mayMailOwner, CancellationToken cancellationToken)
    {
        var candidate = new AppUser { UserName = email, Email = email };
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, candidate, password);
            errors.AddRange(result.Errors);
        }

        if (errors.Count > 0)
        {
            return IdentityResult.Failed([.. errors]);
        }

        var existing = await users.FindByEmailAsync(email);
        if (existing is null && !registration.CurrentValue.Allows(email))
        {
            _ = users.PasswordHasher.HashPassword(candidate, password);
            LogClosed(registration.CurrentValue.Mode);
            return IdentityResult.Success;
        }

        if (existing is null)
        {
            var created = await users.CreateAsync(candidate, password);
            if (created.Succeeded)
            {
                LogRegistered(candidate.Id);
                await mail.SendConfirmationAsync(candidate, returnUrl, cancellationToken);
                return IdentityResult.Success;
            }

            // Lost a race with another registration of the same address: that is a taken address.
            existing = await users.FindByEmailAsync(email);
            if (existing is null)
            {
                return created;
            }
        }
        else
        {
            // The same hashing work as creating an account, so the answer takes as long (ASVS 6.3.8).
            _ = users.PasswordHasher.HashPassword(candidate, password);
        }

        LogTakenAddress(existing.Id);
        if (mayMailOwner)
        {
            await mail.SendRegistrationAttemptAsync(existing, cancellationToken);
        }

        return IdentityResult.Success;
    }

    [LoggerMessage(EventId = 3002, EventName = "AccountRegistered", Level = LogLevel.Information,
        Message = "Account {UserId} registered; confirmation mail queued")]
    private partial void LogRegistered(string userId);

    [LoggerMessage(EventId = 3003, EventName = "RegistrationOfTakenAddress", Level = LogLevel.Warning,
        Message = "Registration refused silently: the address belongs to account {UserId}, whose owner is told by mail")]
    private partial void LogTakenAddress(string userId);

    [LoggerMessage(EventId = 3004, EventName = "RegistrationClosed", Level = LogLevel.Information,
        Message = "Registration refused silently: Registration:Mode is {Mode} and the address may not register")]
    private partial void LogClosed(RegistrationMode mode);
}
