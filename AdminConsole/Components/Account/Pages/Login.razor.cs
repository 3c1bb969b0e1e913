using System.ComponentModel.DataAnnotations;
using AdminConsole.Core.Links;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace AdminConsole.Components.Account.Pages;

/// <summary>
/// The sign-in form, by password or passkey: a browser that arrives signed in is signed out first; a sign-in that
/// needs a second factor goes on to it; a busy or challenged one gets the puzzle. A successful sign-in lands on the
/// return URL, else the console for console roles, else the account page.
/// </summary>
public partial class Login
{
    private string? errorMessage;
    private bool offerPasswordReset;
    private EditContext editContext = default!;
    private Puzzle? puzzle;
    private bool resubmit;
    private const string BusyCheck = "Sign-in is busy: your browser is doing a short check first.";
    private string checkMessage = BusyCheck;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm]
    private InputModel Input { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();
        editContext = new EditContext(Input);
        ReturnUrl = LocalUrl.OrNull(ReturnUrl);

        if (HttpMethods.IsGet(HttpContext.Request.Method))
        {
            // While sign-ins are being turned away, the form comes with its puzzle so the first try is already solved.
            puzzle = Puzzles.UnderPressure ? Puzzles.Issue() : null;

            // A browser arriving here starts from nothing: a session it still holds (someone else's, on a shared
            // browser) ends now, so the sign-in that follows gets a new session id, never the old one.
            if (HttpContext.User.Identity?.IsAuthenticated == true)
            {
                // The form's antiforgery token is bound to whoever is signed in: render it for no one, as the post will
                // be. Before the sign-out is awaited, since the page renders once while it waits (a slower database).
                HttpContext.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
                await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            }
        }
    }

    public async Task LoginUser()
    {
        if (!string.IsNullOrEmpty(Input.Passkey?.Error))
        {
            errorMessage = $"Error: {Input.Passkey.Error}";
            return;
        }

        SignInResult result;
        if (!string.IsNullOrEmpty(Input.Passkey?.CredentialJson))
        {
            result = await SignInManager.PasskeySignInAsync(Input.Passkey.CredentialJson);
        }
        else
        {
            if (!editContext.Validate())
            {
                return;
            }

            // Every password sign-in counts towards lockout; the pipeline ignores attempts to switch that off.
            result = await SignInManager.PasswordSignInAsync(Input.Email, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        }

        if (result.Succeeded)
        {
            RedirectManager.RedirectTo(await LandingPageAsync());
        }
        else if (result.RequiresTwoFactor)
        {
            RedirectManager.RedirectTo(
                "Account/LoginWith2fa",
                new() { ["returnUrl"] = ReturnUrl, ["rememberMe"] = Input.RememberMe });
        }
        else
        {
            // One message shape for every failure cause, the same for unknown names (ASVS 6.3.8).
            var showDetails = Lockout.CurrentValue.ShowRemainingAttempts;
            errorMessage = "Error: " + SignInMessages.For(result, showDetails, Time.GetUtcNow());
            offerPasswordReset = SignInMessages.OffersPasswordReset(result, showDetails);
            if (result is AppSignInResult { Puzzle: { } asked } answer)
            {
                // Busy, or challenged after failures: the page's script solves the puzzle and sends the form again.
                puzzle = asked;
                resubmit = true;
                errorMessage = answer.IsChallenged ? null : "Error: " + SignInMessages.BusyWithPuzzle;
                checkMessage = answer.IsChallenged ? SignInMessages.ChallengedInBrowser : BusyCheck;
            }
        }
    }

    /// <summary>The return URL when there is one; otherwise the console for console roles, the account page for others.</summary>
    private async Task<string> LandingPageAsync()
    {
        if (!string.IsNullOrEmpty(ReturnUrl) && ReturnUrl is not "/" and not "~/")
        {
            return ReturnUrl;
        }

        var user = await UserManager.FindByEmailAsync(Input.Email);
        foreach (var role in AppRoles.All)
        {
            if (user is not null && await UserManager.IsInRoleAsync(user, role))
            {
                return "admin";
            }
        }

        return "Account/Manage";
    }

    private sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address, such as name@example.com.")]
        [StringLength(256, ErrorMessage = "An email address can be at most 256 characters.")]
        [AdminConsole.Core.Text.PlainText(ErrorMessage = "An email address cannot contain line breaks, tabs or other control characters.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [StringLength(256, ErrorMessage = "A password can be at most 256 characters.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }

        public PasskeyInputModel? Passkey { get; set; }
    }
}
