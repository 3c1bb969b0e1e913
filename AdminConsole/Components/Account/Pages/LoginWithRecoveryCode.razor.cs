using System.ComponentModel.DataAnnotations;
using AdminConsole.Core.Links;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Components.Account.Pages;

/// <summary>The second step of a sign-in with a recovery code instead of the authenticator.</summary>
public partial class LoginWithRecoveryCode
{
    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    private string? message;
    private AppUser? user;

    [SupplyParameterFromForm]
    private InputModel Input { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

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
    }

    private async Task OnValidSubmitAsync()
    {
        if (user is null)
        {
            return; // sent to sign in (OnInitializedAsync)
        }

        var recoveryCode = Input.RecoveryCode.Replace(" ", string.Empty);

        var result = await SignInManager.TwoFactorRecoveryCodeSignInAsync(recoveryCode);

        var userId = await UserManager.GetUserIdAsync(user);

        if (result.Succeeded)
        {
            AccountPageLog.SignedInWithRecoveryCode(Logger, userId);
            RedirectManager.RedirectTo(ReturnUrl);
        }
        else if (result.IsLockedOut)
        {
            AccountPageLog.RecoveryCodeSignInLockedOut(Logger);
            RedirectManager.RedirectToWithStatus("Account/Login", "Error: Too many failed attempts: sign-in is locked. Try again later.", HttpContext);
        }
        else
        {
            AccountPageLog.RecoveryCodeInvalid(Logger, userId);
            message = "Error: Invalid recovery code entered.";
        }
    }

    private sealed class InputModel
    {
        [Required]
        [DataType(DataType.Text)]
        [Display(Name = "Recovery Code")]
        public string RecoveryCode { get; set; } = "";
    }
}
