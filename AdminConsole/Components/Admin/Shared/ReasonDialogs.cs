using MudBlazor;

namespace AdminConsole.Components.Admin.Shared;

/// <summary>The one way the console asks for the reason every action needs (<see cref="ReasonDialog"/>).</summary>
public static class ReasonDialogs
{
    /// <summary>The admin's answer, or null when they cancelled.</summary>
    public static async Task<ReasonDialog.Answer?> AskReasonAsync(
        this IDialogService dialogs, string title, string message, string action, Color color = Color.Primary, bool askDuration = false)
    {
        var dialog = await dialogs.ShowAsync<ReasonDialog>(title, new DialogParameters<ReasonDialog>
        {
            { d => d.Title, title },
            { d => d.Message, message },
            { d => d.ActionLabel, action },
            { d => d.ActionColor, color },
            { d => d.AskDuration, askDuration },
        });
        return await dialog.Result is { Canceled: false, Data: ReasonDialog.Answer answer } ? answer : null;
    }
}
