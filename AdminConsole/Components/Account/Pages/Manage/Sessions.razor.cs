using System.Globalization;
using System.Security.Claims;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Sessions;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Components.Account.Pages.Manage;

/// <summary>The account's sessions: end one, or every session but this one.</summary>
public partial class Sessions
{
    private const string Others = "others";

    private IReadOnlyList<SessionView> sessions = [];

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "sessions")]
    private string? SessionId { get; set; }

    private string UserId => HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private string? Current => HttpContext.User.FindFirstValue(SessionCookies.SessionClaim);

    protected override async Task OnInitializedAsync() =>
        sessions = await Store.ListAsync(UserId, Current, HttpContext.RequestAborted);

    private async Task EndAsync()
    {
        var address = ClientInfo.From(HttpContext).Address;
        var actor = HttpContext.User.Identity?.Name ?? "user";
        if (SessionId == Others)
        {
            var ended = await Store.EndAsync(UserId, null, Current, actor, address, "Signed out everywhere else by the user", HttpContext.RequestAborted);
            RedirectManager.RedirectToCurrentPageWithStatus(ended == 1 ? "1 other session has ended." : $"{ended} other sessions have ended.", HttpContext);
        }
        else if (SessionId is { Length: UserSession.IdLength } id && id != Current)
        {
            var ended = await Store.EndAsync(UserId, id, null, actor, address, "Ended by the user from another session", HttpContext.RequestAborted);
            RedirectManager.RedirectToCurrentPageWithStatus(ended == 1 ? "The session has ended." : "Error: that session had already ended.", HttpContext);
        }
        else
        {
            RedirectManager.RedirectToCurrentPageWithStatus("Error: choose a session to end.", HttpContext);
        }
    }

    private string Ago(DateTimeOffset at)
    {
        var elapsed = Time.GetUtcNow() - at;
        return elapsed < TimeSpan.FromMinutes(2) ? "now"
            : elapsed < TimeSpan.FromHours(1) ? $"{(int)elapsed.TotalMinutes} minutes ago"
            : elapsed < TimeSpan.FromDays(2) ? $"{(int)elapsed.TotalHours} hours ago"
            : at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.CurrentCulture) + " UTC";
    }
}
