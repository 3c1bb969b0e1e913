using AdminConsole.Core.Audit;
using AdminConsole.Core.OpenId;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AdminConsole.Components.Admin.Shared;

/// <summary>Registers an application, or changes one the console registered; closes with the result once saved or unchanged, and shows the errors otherwise.</summary>
public partial class ApplicationDialog
{
    private string clientId = "";
    private string displayName = "";
    private string type = OpenIdClientTypes.Confidential;
    private string redirectUris = "";
    private string postLogoutUris = "";
    private string backChannel = "";
    private HashSet<string> scopes = ["openid", "email", "profile"];
    private bool requireTwoFactor;
    private string reason = "";
    private bool saving;
    private string? message;
    private IReadOnlyDictionary<string, string> errors = new Dictionary<string, string>();

    /// <summary>The application to change; none to register a new one.</summary>
    [Parameter] public ApplicationView? Existing { get; set; }

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [CascadingParameter(Name = "ClientAddress")] private string? ClientAddress { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override void OnInitialized()
    {
        if (Existing is { } a)
        {
            (clientId, displayName, type, requireTwoFactor) = (a.ClientId, a.DisplayName, a.Type, a.RequireTwoFactor);
            redirectUris = string.Join('\n', a.RedirectUris);
            postLogoutUris = string.Join('\n', a.PostLogoutRedirectUris);
            backChannel = a.BackChannelLogoutUri ?? "";
            scopes = [.. a.Scopes];
        }
    }

    private void Toggle(string scope, bool on)
    {
        if (on)
        {
            scopes.Add(scope);
        }
        else
        {
            scopes.Remove(scope);
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private async Task SaveAsync()
    {
        saving = true;
        var actor = ConsoleActor.From((await AuthenticationState).User, ClientAddress);
        var draft = new ApplicationDraft(clientId, displayName, type, Lines(redirectUris), Lines(postLogoutUris), backChannel,
            OpenIdScopes.Supported.Where(scopes.Contains).ToList(), requireTwoFactor, reason);
        AdminResult result = Existing is null
            ? await Scope.RunAsync<ApplicationService, AdminResult<CreatedApplication>>(s => s.AddAsync(draft, actor, Aborted))
            : await Scope.RunAsync<ApplicationService, AdminResult<ApplicationView>>(s => s.UpdateAsync(clientId, draft, actor, Aborted));
        saving = false;
        if (result.Succeeded || result.Outcome == AdminOutcome.NoChange)
        {
            Dialog.Close(DialogResult.Ok(result));
            return;
        }

        errors = result.Errors;
        message = errors.Count == 0 ? result.Message : null;
    }
}
