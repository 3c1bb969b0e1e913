using AdminConsole.Components.Admin.Shared;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Webhooks;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AdminConsole.Components.Admin;

/// <summary>Webhook endpoints with their delivery logs: register, disable, enable, delete and retry, for SecurityAdmins.</summary>
public partial class Webhooks
{
    private List<WebhookEndpointView>? endpoints;
    private WebhookEndpointView? selected;
    private Page<WebhookDeliveryView>? deliveries;
    private int page;

    [CascadingParameter(Name = "ClientAddress")] private string? ClientAddress { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var viewer = await ActorAsync();
        endpoints = await Scope.RunAsync<WebhookService, List<WebhookEndpointView>>(s => s.ListAsync(viewer, Aborted));
        selected = selected is null ? null : endpoints.FirstOrDefault(e => e.Id == selected.Id);
        deliveries = selected is null ? null
            : await Scope.RunAsync<WebhookService, Page<WebhookDeliveryView>?>(s => s.DeliveriesAsync(selected.Id, page, Aborted));
    }

    private Task RefreshAsync() => LoadAsync();

    private Task ShowAsync(WebhookEndpointView endpoint)
    {
        selected = endpoint;
        page = 0;
        deliveries = null;
        return LoadAsync();
    }

    private Task OnPageAsync(int value)
    {
        page = value - 1;
        return LoadAsync();
    }

    private static Color StatusColor(string status) => status switch
    {
        "Delivered" => Color.Success,
        "Failed" => Color.Error,
        "Retrying" => Color.Warning,
        _ => Color.Info,
    };

    private async Task<ConsoleActor> ActorAsync() => ConsoleActor.From((await AuthenticationState).User, ClientAddress);

    private async Task AddAsync()
    {
        var dialog = await Dialogs.ShowAsync<AddWebhookDialog>("Add webhook endpoint", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: WebhookEndpointView endpoint })
        {
            Snackbar.Add($"Endpoint {endpoint.Url} added.", Severity.Success);
            selected = endpoint;
            await LoadAsync();
        }
    }

    private async Task<string?> ReasonAsync(string title, string message, string action, Color color) =>
        (await Dialogs.AskReasonAsync(title, message, action, color))?.Reason;

    private async Task ToggleAsync(WebhookEndpointView endpoint)
    {
        var enable = !endpoint.Enabled;
        if (await ReasonAsync(enable ? "Enable endpoint" : "Disable endpoint",
                enable ? $"Enable {endpoint.Url}? Deliveries held while it was disabled go out now." : $"Disable {endpoint.Url}? New events are not queued for it and waiting deliveries are held.",
                enable ? "Enable" : "Disable", enable ? Color.Primary : Color.Warning) is not { } reason)
        {
            return;
        }

        var actor = await ActorAsync();
        var result = await Scope.RunAsync<WebhookService, AdminResult<WebhookEndpointView>>(s => s.SetEnabledAsync(endpoint.Id, enable, reason, actor, Aborted));
        Snackbar.Show(result, $"{endpoint.Url} {(enable ? "enabled" : "disabled")}.");
        await LoadAsync();
    }

    private async Task DeleteAsync(WebhookEndpointView endpoint)
    {
        if (await ReasonAsync("Delete endpoint", $"Delete {endpoint.Url} and its delivery log? The audit log keeps that it existed.", "Delete", Color.Error) is not { } reason)
        {
            return;
        }

        var actor = await ActorAsync();
        var result = await Scope.RunAsync<WebhookService, AdminResult<WebhookEndpointView>>(s => s.DeleteAsync(endpoint.Id, reason, actor, Aborted));
        Snackbar.Show(result, $"{endpoint.Url} deleted.");
        if (selected?.Id == endpoint.Id)
        {
            selected = null;
        }

        await LoadAsync();
    }

    private async Task RetryAsync(WebhookDeliveryView delivery)
    {
        var actor = await ActorAsync();
        var result = await Scope.RunAsync<WebhookService, AdminResult>(s => s.RetryAsync(delivery.Id, actor, Aborted));
        Snackbar.Show(result);
        await LoadAsync();
    }
}
