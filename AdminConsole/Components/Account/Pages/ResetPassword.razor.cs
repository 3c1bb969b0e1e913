using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Components.Account.Pages;

/// <summary>Sets a new password from a mailed reset code, then signs in through the one sign-in pipeline.</summary>
public partial class ResetPassword
{
    private IEnumerable<IdentityError>? identityErrors;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm]
    private InputModel Input { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? Code { get; set; }

    private string? Message => identityErrors is null ? null : $"Error: {string.Join(" ", identityErrors.Select(error => error.Description))}";

    protected override void OnInitialized()
    {
        Input ??= new();

        // A missing, truncated or mangled code is an invalid link, never a server error.
        if (!AccountCode.TryDecode(Code, out var token))
        {
            RedirectManager.RedirectTo("Account/InvalidPasswordReset");
            return;
        }

        Input.Code = token;
    }

    private async Task OnValidSubmitAsync()
    {
        // An unknown address and a wrong or used code get the same answer (ASVS 6.3.8). Identity checks the code
        // before the password, so a known address never reveals itself through password errors either.
        var user = await UserManager.FindByEmailAsync(Input.Email);
        var result = user is null ? null : await UserManager.ResetPasswordAsync(user, Input.Code, Input.Password);
        if (result is null || result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)))
        {
            RedirectManager.RedirectTo("Account/InvalidPasswordReset");
            return;
        }

        if (!result.Succeeded)
        {
            identityErrors = result.Errors;
            return;
        }

        // The reset lifted a temporary lock (AppUserManager); signing in goes through the one pipeline, so an
        // admin-only lock, a disabled account or a second factor still apply.
        var signIn = await SignInManager.PasswordSignInAsync(user!, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (signIn.Succeeded)
        {
            RedirectManager.RedirectToWithStatus("Account/Manage", "Your password was changed and you are signed in.", HttpContext);
        }
        else if (signIn.RequiresTwoFactor)
        {
            RedirectManager.RedirectTo("Account/LoginWith2fa", new() { ["rememberMe"] = false });
        }
        else
        {
            RedirectManager.RedirectToWithStatus("Account/ResetPasswordConfirmation",
                "Your password was changed, but you could not be signed in now. If an administrator locked or disabled your account, only an administrator can unlock it.", HttpContext);
        }
    }

    private sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address, such as name@example.com.")]
        [StringLength(256, ErrorMessage = "An email address can be at most 256 characters.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter a new password.")]
        [StringLength(256, ErrorMessage = "Passwords must be at least {2} characters (and at most {1}).", MinimumLength = 12)]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [DataType(DataType.Password)]
        [Compare("Password", ErrorMessage = "The password and confirmation password do not match.")]
        public string ConfirmPassword { get; set; } = "";

        [Required]
        public string Code { get; set; } = "";
    }
}
