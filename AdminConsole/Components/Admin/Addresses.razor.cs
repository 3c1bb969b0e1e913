using AdminConsole.Components.Admin.Shared;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Identity;
using AdminConsole.Core.IpProtection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AdminConsole.Components.Admin;

/// <summary>The address rules (deny and allow) in force and their history; SecurityAdmins add and end rules.</summary>
public partial class Addresses
{
    private List<IpRule>? rules;
    private bool history;

    [CascadingParameter(Name = "ClientAddress")] private string? ClientAddress { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync() =>
        rules = await Scope.RunAsync<AddressRuleService, List<IpRule>>(s => s.ListAsync(history, Aborted));

    private Task OnHistoryAsync(bool value)
    {
        history = value;
        return LoadAsync();
    }

    private async Task AddAsync()
    {
        var dialog = await Dialogs.ShowAsync<AddRuleDialog>("Add rule");
        if (await dialog.Result is { Canceled: false, Data: IpRule rule })
        {
            Snackbar.Add($"{rule.Kind} rule for {Named(rule)} added.", Severity.Success);
            await LoadAsync();
        }
    }

    /// <summary>"203.0.113.0/24", or "Iceland (IS)" for a country rule.</summary>
    private static string Named(IpRule rule) =>
        rule.Country is { } code ? $"{Core.Location.Countries.Find(code)?.Name ?? code} ({code})" : rule.Network;

    private async Task EndAsync(IpRule rule)
    {
        if (await Dialogs.AskReasonAsync("End rule", $"End the {rule.Kind.ToString().ToLowerInvariant()} rule for {Named(rule)}? It stays in the history.", "End rule", Color.Error) is not { } answer)
        {
            return;
        }

        var actor = ConsoleActor.From((await AuthenticationState).User, ClientAddress);
        var result = await Scope.RunAsync<AddressRuleService, AdminResult<IpRule>>(s => s.EndAsync(rule.Id, answer.Reason, actor, Aborted));
        Snackbar.Show(result, $"The rule for {Named(rule)} has ended.");
        await LoadAsync();
    }
}
