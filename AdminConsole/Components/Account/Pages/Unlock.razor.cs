using AdminConsole.Core.Attempts;
using Microsoft.AspNetCore.Components;

namespace AdminConsole.Components.Account.Pages;

/// <summary>Lifts a lock from a mailed unlock link: opening the link only checks it, the button's post unlocks.</summary>
public partial class Unlock
{
    private enum UnlockState
    {
        Ready,
        Invalid,
        Unlocked,
    }

    private UnlockState state;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm]
    private InputModel Input { get; set; } = default!;

    [SupplyParameterFromQuery]
    private string? UserId { get; set; }

    [SupplyParameterFromQuery]
    private string? Code { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new();

        // Opening the link only reads: mail scanners follow links, so only the button's post lifts the lock.
        if (HttpMethods.IsGet(HttpContext.Request.Method))
        {
            Input.UserId = UserId;
            Input.Code = Code;
            state = await SelfServiceUnlock.IsUsableAsync(UserId, Code, HttpContext.RequestAborted) ? UnlockState.Ready : UnlockState.Invalid;
        }
    }

    private async Task UnlockAsync()
    {
        // Expired, used, tampered with and someone else's links all get the same answer, and change nothing.
        state = await SelfServiceUnlock.UnlockAsync(Input.UserId, Input.Code, ClientInfo.From(HttpContext).Address, HttpContext.RequestAborted)
            ? UnlockState.Unlocked
            : UnlockState.Invalid;
    }

    private sealed class InputModel
    {
        public string? UserId { get; set; }

        public string? Code { get; set; }
    }
}
