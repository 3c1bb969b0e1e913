using AdminConsole.Core.Accounts;
using AdminConsole.Core.Audit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AdminConsole.Components.Admin.Shared;

/// <summary>An account's console actions (unlock, lock, reset, sign out everywhere), each asking for a reason first.</summary>
public partial class AccountActions
{
    private MudMenu? menu;
    private bool menuShown;
    private bool openMenu;

    [Parameter, EditorRequired] public AccountRow Account { get; set; } = default!;

    [Parameter] public EventCallback Changed { get; set; }

    /// <summary>In a table row: Unlock is an icon button (with its tooltip and name), so the row fits a desktop.</summary>
    [Parameter] public bool Compact { get; set; }

    private bool Locked => Account.State is AccountState.Locked or AccountState.LockedUntilUnlocked;

    [CascadingParameter(Name = "ClientAddress")] private string? ClientAddress { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private void ShowMenu()
    {
        menuShown = true;
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

    private Task UnlockAsync() => RunAsync("Unlock account", $"Unlock {Account.Email} and clear its failure count?", "Unlock", Color.Primary, false,
        (s, a, actor) => s.UnlockAsync(Account.Email, a.Reason, actor, Aborted));

    private Task LockAsync() => RunAsync("Lock account", $"Lock {Account.Email}? Its open sessions end within a minute.", "Lock", Color.Error, true,
        (s, a, actor) => s.LockAsync(Account.Email, a.Reason, a.Minutes == 0 ? null : Time.GetUtcNow().AddMinutes(a.Minutes), actor, Aborted));

    private Task ResetAsync() => RunAsync("Reset failure count", $"Reset the failure count of {Account.Email} ({Account.Failures})?", "Reset", Color.Primary, false,
        (s, a, actor) => s.ResetFailuresAsync(Account.Email, a.Reason, actor, Aborted));

    private Task SignOutAsync() => RunAsync("Sign out everywhere", $"End every session of {Account.Email}? Each browser and API client is signed out at its next request.", "Sign out", Color.Warning, false,
        (s, a, actor) => s.SignOutEverywhereAsync(Account.Email, a.Reason, actor, Aborted));

    private async Task RunAsync(string title, string message, string action, Color color, bool askDuration,
        Func<AccountAdminService, ReasonDialog.Answer, ConsoleActor, Task<AdminResult>> act)
    {
        if (await Dialogs.AskReasonAsync(title, message, action, color, askDuration) is not { } answer)
        {
            return;
        }

        var actor = ConsoleActor.From((await AuthenticationState).User, ClientAddress);
        var result = await Scope.RunAsync<AccountAdminService, AdminResult>(s => act(s, answer, actor));
        Snackbar.Show(result);
        await Changed.InvokeAsync();
    }
}
