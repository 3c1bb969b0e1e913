using AdminConsole.Core.Audit;
using MudBlazor;

namespace AdminConsole.Components.Admin.Shared;

/// <summary>The one way a console action's result is told: done in green, "no change" as information, anything else as an error.</summary>
public static class ActionResults
{
    /// <param name="done">The words for a success, when they should name what was done; the service's message otherwise.</param>
    public static void Show(this ISnackbar snackbar, AdminResult result, string? done = null) =>
        snackbar.Add(
            result.Succeeded ? done ?? result.Message : result.Message,
            result.Outcome switch
            {
                AdminOutcome.Done => Severity.Success,
                AdminOutcome.NoChange => Severity.Info,
                _ => Severity.Error,
            });
}
