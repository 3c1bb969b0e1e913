using AdminConsole.Core.Policy;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AdminConsole.Components.Admin.Shared;

/// <summary>Replays the edited policy and the policy in force over the stored attempts, side by side; cancelled when the page is left.</summary>
public partial class PolicyRehearsalPanel
{
    private int days = PolicyRehearsal.DefaultDays;
    private bool running;
    private int percent;
    private string? message;
    private Severity messageSeverity = Severity.Info;
    private RehearsalResult? result;
    private CancellationTokenSource? cancellation;
    private List<ChartSeries<double>> series = [];
    private string[] labels = [];

    /// <summary>The policy to rehearse, or null when the form does not read (its fields say why).</summary>
    [Parameter, EditorRequired] public Func<RehearsalPolicy?> Candidate { get; set; } = default!;

    [Parameter] public bool Editing { get; set; }

    private async Task RunAsync()
    {
        message = null;
        result = null;
        if (Candidate() is not { } candidate)
        {
            (message, messageSeverity) = ("A duration in the form does not read; correct it to rehearse.", Severity.Warning);
            return;
        }

        cancellation?.Dispose();
        cancellation = new CancellationTokenSource();
        var token = cancellation.Token;
        (running, percent) = (true, 0);
        var progress = new Progress<int>(p => _ = InvokeAsync(() =>
        {
            if (running && p != percent)
            {
                percent = p;
                StateHasChanged();
            }
        }));
        try
        {
            // Off the circuit's thread: the replay reads up to millions of rows.
            result = await Task.Run(async () =>
            {
                await using var scope = Scopes.CreateAsyncScope();
                var rehearsal = scope.ServiceProvider.GetRequiredService<PolicyRehearsal>();
                if (rehearsal.Validate(candidate) is { Count: > 0 } errors)
                {
                    throw new ArgumentException(string.Join(" ", errors));
                }

                var (from, to) = rehearsal.LastDays(days);
                return await rehearsal.RunAsync(candidate, from, to, progress, token);
            }, token);
            Chart(result);
        }
        catch (OperationCanceledException)
        {
            (message, messageSeverity) = ("Rehearsal cancelled.", Severity.Info);
        }
        catch (ArgumentException e)
        {
            (message, messageSeverity) = (e.Message, Severity.Warning);
        }
        finally
        {
            running = false;
        }
    }

    private void Cancel() => cancellation?.Cancel();

    private void Chart(RehearsalResult r)
    {
        var rows = Rows(r).Where(x => x.Label.StartsWith("Tier", StringComparison.Ordinal) || x.Label is "Accounts locked" or "Unknown names locked" or "Address blocks" or "Owners locked out").ToList();
        labels = rows.Select(x => x.Label).ToArray();
        series =
        [
            new() { Name = "In force", Data = rows.Select(x => (double)x.Current).ToArray() },
            new() { Name = "As edited", Data = rows.Select(x => (double)x.Candidate).ToArray() },
        ];
    }

    private static IEnumerable<(string Label, int Current, int Candidate)> Rows(RehearsalResult r)
    {
        var tiers = r.Current.LocksByTier.Keys.Union(r.Candidate.LocksByTier.Keys).Order();
        foreach (var t in tiers)
        {
            yield return ($"Tier {t} locks", r.Current.LocksByTier.GetValueOrDefault(t), r.Candidate.LocksByTier.GetValueOrDefault(t));
        }

        yield return ("Accounts locked", r.Current.AccountsLocked, r.Candidate.AccountsLocked);
        yield return ("Unknown names locked", r.Current.UnknownNamesLocked, r.Candidate.UnknownNamesLocked);
        yield return ("Address blocks", r.Current.AddressBlocks, r.Candidate.AddressBlocks);
        yield return ("Addresses blocked", r.Current.AddressesBlocked, r.Candidate.AddressesBlocked);
        yield return ("Attempts stopped by blocks", r.Current.AttemptsRejectedByBlocks, r.Candidate.AttemptsRejectedByBlocks);
        yield return ("Owners locked out", r.Current.OwnersLockedOut, r.Candidate.OwnersLockedOut);
        yield return ("Correct sign-ins refused", r.Current.SignInsRefused, r.Candidate.SignInsRefused);
        yield return ("Sign-ins stepped up (risk)", r.Current.SignInsSteppedUp, r.Candidate.SignInsSteppedUp);
    }

    /// <summary>Leaving the page stops a rehearsal that is still running.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            cancellation?.Cancel();
            cancellation?.Dispose();
        }

        base.Dispose(disposing);
    }
}
