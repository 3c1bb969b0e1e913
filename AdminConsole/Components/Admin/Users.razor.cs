using AdminConsole.Components.Admin.Shared;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Users;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AdminConsole.Components.Admin;

/// <summary>User administration: invite, disable and enable accounts, grant and remove console roles, each with a reason.</summary>
public partial class Users
{
    private const string NoRole = "";
    private readonly List<BreadcrumbItem> breadcrumbs = [new("Console", "/admin"), new("Users", null, disabled: true)];
    private MudDataGrid<UserRow> grid = default!;
    private string? search;
    private bool consoleOnly = true;
    private string? inviteEmail;
    private string inviteRole = NoRole;
    private bool isAdmin;
    private string? menuFor;
    private bool openMenu;
    private MudMenu? menu;

    [Inject] private Microsoft.Extensions.Options.IOptionsMonitor<AdminConsole.Protection.RateLimitOptions> Limits { get; set; } = default!;

    [CascadingParameter(Name = "ClientAddress")] private string? ClientAddress { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    // Asked once for the page, not by an AuthorizeView in every row (each would stay in the circuit); the service
    // refuses a viewer anyway.
    protected override async Task OnInitializedAsync() => isAdmin = (await AuthenticationState).User.IsInRole(AppRoles.SecurityAdmin);

    /// <summary>Puts the real menu in this row (one row at a time) and opens it once it is rendered.</summary>
    private void ShowMenu(string email)
    {
        menuFor = email;
        openMenu = true;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (openMenu && menu is not null)
        {
            openMenu = false;
            await menu.OpenMenuAsync(EventArgs.Empty);
        }
    }

    private async Task<GridData<UserRow>> LoadAsync(GridState<UserRow> state, CancellationToken cancellationToken)
    {
        var page = await Scope.RunAsync<UserAdminService, Page<UserRow>>(s => s.ListAsync(new UserQuery(search, consoleOnly, state.Page, state.PageSize), cancellationToken));
        return new GridData<UserRow> { Items = page.Items, TotalItems = page.Total };
    }

    private Task OnSearchAsync(string? value)
    {
        search = value;
        return grid.ReloadServerData();
    }

    private Task OnConsoleOnlyAsync(bool value)
    {
        consoleOnly = value;
        return grid.ReloadServerData();
    }

    private async Task InviteAsync()
    {
        var email = inviteEmail?.Trim() ?? "";
        var role = inviteRole == NoRole ? null : inviteRole;
        var done = await RunAsync("Invite an account", $"Create {email}{(role is null ? "" : $" as {role}")} and mail a link to choose a password?", "Invite", Color.Primary,
            (s, reason, actor) => s.InviteAsync(email, role, reason, actor, Aborted));
        if (done)
        {
            inviteEmail = null;
            inviteRole = NoRole;
        }
    }

    private Task<bool> GrantRoleAsync(UserRow user, string role) =>
        RunAsync($"Make {role}", $"Give {user.Email} the {role} role? It applies at the next request.", "Grant", Color.Primary,
            (s, reason, actor) => s.GrantRoleAsync(user.Email, role, reason, actor, Aborted));

    private Task<bool> RemoveRoleAsync(UserRow user, string role) =>
        RunAsync($"Remove {role}", $"Take the {role} role from {user.Email}? Open sessions lose it within a minute.", "Remove", Color.Warning,
            (s, reason, actor) => s.RemoveRoleAsync(user.Email, role, reason, actor, Aborted));

    private Task<bool> DisableAsync(UserRow user) =>
        RunAsync("Disable account", $"Disable {user.Email}? It cannot sign in any way, and every session and API token of it ends now.", "Disable", Color.Error,
            (s, reason, actor) => s.DisableAsync(user.Email, reason, actor, Aborted));

    private Task<bool> EnableAsync(UserRow user) =>
        RunAsync("Enable account", $"Let {user.Email} sign in again?", "Enable", Color.Primary,
            (s, reason, actor) => s.EnableAsync(user.Email, reason, actor, Aborted));

    private async Task<bool> RunAsync(string title, string message, string action, Color color, Func<UserAdminService, string, ConsoleActor, Task<AdminResult>> act)
    {
        if (await Dialogs.AskReasonAsync(title, message, action, color) is not { } answer)
        {
            return false;
        }

        var actor = ConsoleActor.From((await AuthenticationState).User, ClientAddress);
        var result = await Scope.RunAsync<UserAdminService, AdminResult>(s => act(s, answer.Reason, actor));
        Snackbar.Show(result);
        await grid.ReloadServerData();
        return result.Succeeded;
    }
}
