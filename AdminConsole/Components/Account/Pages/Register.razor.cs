using System.ComponentModel.DataAnnotations;
using AdminConsole.Core.Links;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Components.Account.Pages;

/// <summary>Creates an account; a new address and one already taken get the same answer.</summary>
public partial class Register
{
    private IEnumerable<IdentityError>? identityErrors;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm]
    private InputModel Input { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    private string? Message => identityErrors is null ? null : $"Error: {string.Join(" ", identityErrors.Select(error => error.Description))}";

    protected override void OnInitialized()
    {
        Input ??= new();
        ReturnUrl = LocalUrl.OrNull(ReturnUrl);
    }

    public async Task RegisterUser()
    {
        // A new address and one that has an account get the same redirect (ASVS 6.3.8); see AccountRegistration.
        // The owner of a taken address hears of it at most as often as password reset mails go out (silently limited).
        var mayMailOwner = await MailThrottle.TryAcquireAsync("registration:" + UserManager.NormalizeEmail(Input.Email));
        var result = await Registration.RegisterAsync(Input.Email, Input.Password, ReturnUrl, mayMailOwner, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            identityErrors = result.Errors;
            return;
        }

        RedirectManager.RedirectTo("Account/RegisterConfirmation", new() { ["email"] = Input.Email, ["returnUrl"] = ReturnUrl });
    }

    private sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address, such as name@example.com.")]
        [StringLength(256, ErrorMessage = "An email address can be at most 256 characters.")]
        [AdminConsole.Core.Text.PlainText(ErrorMessage = "An email address cannot contain line breaks, tabs or other control characters.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter a password.")]
        [StringLength(256, ErrorMessage = "Passwords must be at least {2} characters (and at most {1}).", MinimumLength = 12)]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [DataType(DataType.Password)]
        [Compare("Password", ErrorMessage = "The password and confirmation password do not match.")]
        public string ConfirmPassword { get; set; } = "";
    }
}
