using Microsoft.AspNetCore.Components;

namespace AdminConsole.Components.Account.Pages;

/// <summary>Confirms a change of email from the mailed link; the user name changes with it.</summary>
public partial class ConfirmEmailChange
{
    private string? message;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? UserId { get; set; }

    [SupplyParameterFromQuery]
    private string? Email { get; set; }

    [SupplyParameterFromQuery]
    private string? Code { get; set; }

    protected override async Task OnInitializedAsync()
    {
        if (UserId is null || Email is null || Code is null)
        {
            RedirectManager.RedirectToWithStatus(
                "Account/Login", "Error: Invalid email change confirmation link.", HttpContext);
            return;
        }

        // A mangled code or an unknown id is the same invalid link, never a server error.
        var user = AccountCode.TryDecode(Code, out var code) ? await UserManager.FindByIdAsync(UserId) : null;
        var result = user is null ? null : await UserManager.ChangeEmailAsync(user, Email, code);
        if (user is null || result is not { Succeeded: true })
        {
            message = "Error: This email change link is invalid or has expired.";
            return;
        }

        // In our UI email and user name are one and the same, so when we update the email
        // we need to update the user name.
        var setUserNameResult = await UserManager.SetUserNameAsync(user, Email);
        if (!setUserNameResult.Succeeded)
        {
            message = "Error changing user name.";
            return;
        }

        await SignInManager.RefreshSignInAsync(user);
        message = "Thank you for confirming your email change.";
    }
}
