using System.ComponentModel.DataAnnotations;
using AdminConsole.Core.Links;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Components.Account.Pages;

/// <summary>The second step of a sign-in with an authenticator code.</summary>
public partial class LoginWith2fa
{
    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    private string? message;
    private AppUser? user;
    private string? developmentCode;

    [SupplyParameterFromForm]
    private InputModel Input { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    [SupplyParameterFromQuery]
    private bool RememberMe { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        ReturnUrl = LocalUrl.OrNull(ReturnUrl);

        // Only after the password step: opened without a pending sign-in (a bookmark, a link), it starts over.
        user = await SignInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            RedirectManager.RedirectTo("Account/Login");
        }

        // Registered in Development only.
        developmentCode = user is not null && Services.GetService<DevelopmentSignInHelp>() is { } help ? await help.CurrentCodeAsync(user) : null;
    }

    private async Task OnValidSubmitAsync()
    {
        if (user is null)
        {
            return; // sent to sign in (OnInitializedAsync)
        }

        var authenticatorCode = Input.TwoFactorCode!.Replace(" ", string.Empty).Replace("-", string.Empty);
        var result = await SignInManager.TwoFactorAuthenticatorSignInAsync(authenticatorCode, RememberMe, Input.RememberMachine);
        var userId = await UserManager.GetUserIdAsync(user);

        if (result.Succeeded)
        {
            AccountPageLog.SignedInWithTwoFactor(Logger, userId);
            RedirectManager.RedirectTo(ReturnUrl);
        }
        else if (result.IsLockedOut)
        {
            AccountPageLog.TwoFactorSignInLockedOut(Logger, userId);
            RedirectManager.RedirectToWithStatus("Account/Login", "Error: Too many failed attempts: sign-in is locked. Try again later.", HttpContext);
        }
        else
        {
            AccountPageLog.AuthenticatorCodeInvalid(Logger, userId);
            message = "Error: Invalid authenticator code.";
        }
    }

    private sealed class InputModel
    {
        [Required]
        [StringLength(7, ErrorMessage = "The {0} must be at least {2} and at max {1} characters long.", MinimumLength = 6)]
        [DataType(DataType.Text)]
        [Display(Name = "Authenticator code")]
        public string? TwoFactorCode { get; set; }

        [Display(Name = "Remember this machine")]
        public bool RememberMachine { get; set; }
    }
}
