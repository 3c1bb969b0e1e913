using AdminConsole.Components.Admin.Shared;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Links;
using AdminConsole.Core.OpenId;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AdminConsole.Components.Admin;

/// <summary>
/// The applications that sign people in here: register, change, rotate a secret, disable, enable and delete, for
/// SecurityAdmins; SecurityViewers read.
/// </summary>
public partial class Applications
{
    private List<ApplicationView>? applications;

    [CascadingParameter(Name = "ClientAddress")] private string? ClientAddress { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject] private PublicLinks Links { get; set; } = default!;

    private string Discovery => new Uri(Links.Base, ".well-known/openid-configuration").AbsoluteUri;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync() =>
        applications = await Scope.RunAsync<ApplicationService, List<ApplicationView>>(s => s.ListAsync(Aborted));

    private async Task<ConsoleActor> ActorAsync() => ConsoleActor.From((await AuthenticationState).User, ClientAddress);

    private Task RegisterAsync() => OpenFormAsync("Register application", null);

    private Task EditAsync(ApplicationView application) => OpenFormAsync($"Change {application.DisplayName}", application);

    private async Task OpenFormAsync(string title, ApplicationView? existing)
    {
        var dialog = await Dialogs.ShowAsync<ApplicationDialog>(title, new DialogParameters<ApplicationDialog> { { d => d.Existing, existing } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: AdminResult result })
        {
            await ShowAsync(result);
        }
    }

    private async Task RotateAsync(ApplicationView application)
    {
        if (await ReasonAsync("New secret", $"Give {application.DisplayName} a new secret? The current one stops working at once.", "Replace secret", Color.Warning) is { } reason)
        {
            var actor = await ActorAsync();
            await ShowAsync(await Scope.RunAsync<ApplicationService, AdminResult<CreatedApplication>>(s => s.RotateSecretAsync(application.ClientId, reason, actor, Aborted)));
        }
    }

    private async Task ToggleAsync(ApplicationView application)
    {
        var enable = !application.Enabled;
        if (await ReasonAsync(enable ? application.Locked ? "Unlock application" : "Enable application" : "Disable application",
                enable && application.Locked ? $"Unlock {application.DisplayName}? It was locked after too many wrong client secrets: make sure its secret is not being guessed (give it a new one if in doubt)."
                : enable ? $"Enable {application.DisplayName}? Its users can sign in to it again."
                    : $"Disable {application.DisplayName}? It is refused at once and every token it holds is revoked.",
                enable ? application.Locked ? "Unlock" : "Enable" : "Disable", enable ? Color.Primary : Color.Warning) is { } reason)
        {
            var actor = await ActorAsync();
            await ShowAsync(await Scope.RunAsync<ApplicationService, AdminResult<ApplicationView>>(s => s.SetEnabledAsync(application.ClientId, enable, reason, actor, Aborted)));
        }
    }

    private async Task DeleteAsync(ApplicationView application)
    {
        if (await ReasonAsync("Delete application", $"Delete {application.DisplayName} with its grants and tokens? The audit log keeps that it existed.", "Delete", Color.Error) is { } reason)
        {
            var actor = await ActorAsync();
            await ShowAsync(await Scope.RunAsync<ApplicationService, AdminResult<ApplicationView>>(s => s.DeleteAsync(application.ClientId, reason, actor, Aborted)));
        }
    }

    /// <summary>The answer as a snackbar (a secret in its own dialog, once), then the list again.</summary>
    private async Task ShowAsync(AdminResult result)
    {
        Snackbar.Show(result);
        if (result is AdminResult<CreatedApplication> { Value: { ClientSecret: { } secret } created })
        {
            var dialog = await Dialogs.ShowAsync<SecretDialog>("Client secret", new DialogParameters<SecretDialog>
            {
                { d => d.ClientId, created.Application.ClientId },
                { d => d.Secret, secret },
            }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false });
            await dialog.Result;
        }

        await LoadAsync();
    }

    private async Task<string?> ReasonAsync(string title, string message, string action, Color color) =>
        (await Dialogs.AskReasonAsync(title, message, action, color))?.Reason;
}
