using AdminConsole.Components.Admin.Shared;
using AdminConsole.Core.Audit;
using MudBlazor;

namespace AdminConsole.Tests.Components;

/// <summary>Every console action tells its result one way: done in green, "no change" as information, the rest as an error.</summary>
public sealed class ActionResultsTests : BunitTest
{
    [Fact]
    public void Done_no_change_and_refusals_read_the_same_everywhere()
    {
        Render<MudSnackbarProvider>();
        var snackbar = Services.GetRequiredService<ISnackbar>();

        snackbar.Show(new AdminResult(AdminOutcome.Done, "Unlocked."), "alice@example.com unlocked.");
        snackbar.Show(new AdminResult(AdminOutcome.NoChange, "Nothing changed: these are the values in force."));
        snackbar.Show(new AdminResult(AdminOutcome.Forbidden, "Only a SecurityAdmin may do this."));

        Assert.Equal(
            [("alice@example.com unlocked.", Severity.Success), ("Nothing changed: these are the values in force.", Severity.Info), ("Only a SecurityAdmin may do this.", Severity.Error)],
            snackbar.ShownSnackbars.Select(s => (s.Message, s.Severity)).ToList());
    }
}
