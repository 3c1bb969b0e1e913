using AdminConsole.Core.IpProtection;

namespace AdminConsole.Core.Identity;

/// <summary>No account may be created with, or renamed to, a honeypot name (<c>AddressBlocking:HoneypotNames</c>).</summary>
public sealed class HoneypotUserValidator(IOptionsMonitor<AddressBlockingOptions> options) : IUserValidator<AppUser>
{
    public const string ErrorCode = "HoneypotName";

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user)
    {
        var honeypots = options.CurrentValue.HoneypotNames;
        return Task.FromResult(HoneypotNames.Matches(honeypots, user.UserName) || HoneypotNames.Matches(honeypots, user.Email)
            ? IdentityResult.Failed(new IdentityError { Code = ErrorCode, Description = "This email address cannot be used for an account." })
            : IdentityResult.Success);
    }
}
