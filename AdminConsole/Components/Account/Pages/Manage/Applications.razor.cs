using System.Security.Claims;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.OpenId;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Components.Account.Pages.Manage;

/// <summary>The applications that have access to the account, each one revocable.</summary>
public partial class Applications
{
    private IReadOnlyList<ApplicationAccess> apps = [];

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "applications")]
    private string? ClientId { get; set; }

    private string UserId => HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    protected override async Task OnInitializedAsync() =>
        apps = await Apps.ListAsync(UserId, HttpContext.RequestAborted);

    private async Task RevokeAsync()
    {
        var app = apps.FirstOrDefault(a => a.ClientId == ClientId);
        if (app is null)
        {
            RedirectManager.RedirectToCurrentPageWithStatus("Error: That application has no access to your account.", HttpContext);
            return;
        }

        var revoked = await Apps.RevokeAsync(UserId, app.ClientId, HttpContext.User.Identity?.Name ?? "user", ClientInfo.From(HttpContext).Address, HttpContext.RequestAborted);
        RedirectManager.RedirectToCurrentPageWithStatus(
            revoked ? $"{app.DisplayName} no longer has access to your account." : "Error: That application has no access to your account.", HttpContext);
    }

    /// <summary>The scopes in words.</summary>
    private static string Describe(IReadOnlyList<string> scopes)
    {
        var words = scopes.Select(s => s switch
        {
            "openid" => "who you are",
            "email" => "your email",
            "profile" => "your name",
            "roles" => "your roles",
            "offline_access" => "access while you are away",
            _ => s,
        }).ToList();
        return words.Count == 0 ? "–" : string.Join(", ", words);
    }
}
