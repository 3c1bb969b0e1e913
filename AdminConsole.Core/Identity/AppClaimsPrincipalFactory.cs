using System.Security.Claims;

namespace AdminConsole.Core.Identity;

/// <summary>
/// Identity's claims plus <see cref="PasswordChangeClaim"/> while <see cref="AppUser.PasswordChangeRequired"/> is set.
/// The principal is rebuilt from the database at every security-stamp check and after the password changes, so
/// the claim goes when the flag does.
/// </summary>
public sealed class AppClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    public const string PasswordChangeClaim = "adminconsole:password_change_required";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.PasswordChangeRequired)
        {
            identity.AddClaim(new Claim(PasswordChangeClaim, "common-password"));
        }

        return identity;
    }
}
