using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Components.Account.Pages.Manage;

/// <summary>Changes the password after checking the current one through the counted sign-in pipeline, then ends every other session.</summary>
public partial class ChangePassword
{
    private string? message;

    /// <summary>"common-password" when the sign-in was sent here because the password is a common one.</summary>
    [SupplyParameterFromQuery]
    private string? Reason { get; set; }
    private AppUser? user;
    private bool hasPassword;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm]
    private InputModel Input { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();

        user = await UserManager.GetUserAsync(HttpContext.User);
        if (user is null)
        {
            RedirectManager.RedirectToInvalidUser(UserManager, HttpContext);
            return;
        }

        hasPassword = await UserManager.HasPasswordAsync(user);
        if (!hasPassword)
        {
            RedirectManager.RedirectTo("Account/Manage/SetPassword");
        }
    }

    private async Task OnValidSubmitAsync()
    {
        if (user is null)
        {
            RedirectManager.RedirectToInvalidUser(UserManager, HttpContext);
            return;
        }

        // The current password goes through the counted sign-in pipeline: guesses from a stolen session lock too.
        var check = await SignInManager.VerifyCurrentPasswordAsync(user, Input.OldPassword);
        if (!check.Succeeded)
        {
            message = "Error: " + (check.IsLockedOut || check is AppSignInResult { IsUnavailable: true } or AppSignInResult { RetryAfter: not null }
                ? SignInMessages.For(check, showDetails: true, Time.GetUtcNow())
                : "The current password is not correct.");
            return;
        }

        // The check recorded the attempt on a fresh unit of work: read the account again before changing it.
        user = await UserManager.FindByIdAsync(user.Id) ?? user;
        var changePasswordResult = await UserManager.ChangePasswordAsync(user, Input.OldPassword, Input.NewPassword);
        if (!changePasswordResult.Succeeded)
        {
            message = $"Error: {string.Join(",", changePasswordResult.Errors.Select(error => error.Description))}";
            return;
        }

        await SignInManager.RefreshSignInAsync(user);

        // A changed password ends every other session, browsers and API clients alike: whoever knew the old one is out.
        await Sessions.EndAsync(user.Id, sessionId: null, exceptId: HttpContext.User.FindFirst(SessionCookies.SessionClaim)?.Value,
            user.UserName ?? "user", AdminConsole.Core.Attempts.ClientInfo.From(HttpContext).Address, "Password changed", HttpContext.RequestAborted);
        AccountPageLog.PasswordChanged(Logger);

        RedirectManager.RedirectToCurrentPageWithStatus("Your password has been changed", HttpContext);
    }

    private sealed class InputModel
    {
        [Required]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string OldPassword { get; set; } = "";

        [Required]
        [StringLength(256, ErrorMessage = "Passwords must be at least {2} characters (and at most {1}).", MinimumLength = 12)]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string NewPassword { get; set; } = "";

        [DataType(DataType.Password)]
        [Display(Name = "Confirm new password")]
        [Compare("NewPassword", ErrorMessage = "The new password and confirmation password do not match.")]
        public string ConfirmPassword { get; set; } = "";
    }
}
