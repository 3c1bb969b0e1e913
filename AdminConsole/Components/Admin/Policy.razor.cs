using AdminConsole.Components.Admin.Shared;
using AdminConsole.Core.Audit;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Policy;
using AdminConsole.Core.Text;
using AdminConsole.Protection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AdminConsole.Components.Admin;

/// <summary>
/// The policy in force and, for SecurityAdmins, editing it in place: each section's form is an edit model from
/// Core (<see cref="LockoutEdit"/>, <see cref="BlockingEdit"/>) or <see cref="RateLimitsEdit"/>, saved through
/// <see cref="PolicyService"/> with a reason.
/// </summary>
public partial class Policy
{
    private readonly List<BreadcrumbItem> breadcrumbs = [new("Console", "/admin"), new("Policy", null, disabled: true)];
    private bool canEdit;
    private string? editing;
    private bool saving;
    private IReadOnlyList<string> errors = [];
    private LockoutEdit lockoutEdit = new();
    private BlockingEdit blockingEdit = new();
    private RateLimitsEdit limitsEdit = RateLimitsEdit.From(new RateLimitOptions());
    private int challengeEdit;
    private int riskEdit;

    [CascadingParameter(Name = "ClientAddress")] private string? ClientAddress { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>Viewers see the policy; the service refuses their changes anyway.</summary>
    protected override async Task OnInitializedAsync() =>
        canEdit = (await AuthenticationState).User.IsInRole(AppRoles.SecurityAdmin);

    private void Begin(string section)
    {
        editing = section;
        errors = [];
    }

    private void Cancel()
    {
        editing = null;
        errors = [];
    }

    private void EditLockout()
    {
        lockoutEdit = LockoutEdit.From(Lockout.CurrentValue);
        Begin(LockoutPolicyOptions.Section);
    }

    private void AddTier() => lockoutEdit.AddTier();

    /// <summary>The lockout policy as edited, or null when a duration does not read (the field says why).</summary>
    private LockoutPolicyOptions? LockoutValue() => lockoutEdit.ToOptions(Lockout.CurrentValue);

    private Task SaveLockoutAsync()
    {
        if (LockoutValue() is not { } value)
        {
            return Task.CompletedTask;
        }

        if (value.Mode == LockoutMode.Doubling)
        {
            return SaveAsync(LockoutPolicyOptions.Section, value,
                $"Doubling locks: every {value.FailuresPerLock} failures, first {DurationText.Describe(value.FirstDuration)}, each {value.Multiplier}× the one before up to {DurationText.Describe(value.MaxDuration)}; {value.MaxConsecutiveFailures} consecutive failures lock until unlocked.");
        }

        var summary = string.Join(", ", value.Tiers.Select(t => $"{t.Failures} failures → {(t.Duration is { } d ? DurationText.Describe(d) : "until unlocked")}"));
        return SaveAsync(LockoutPolicyOptions.Section, value, $"New tiers: {summary}; failures forgotten after {DurationText.Describe(value.FailureWindow)}; {value.MaxConsecutiveFailures} consecutive failures lock until unlocked.");
    }

    private void EditBlocking()
    {
        blockingEdit = BlockingEdit.From(Blocking.CurrentValue);
        Begin(AddressBlockingOptions.Section);
    }

    /// <summary>The address blocking policy as edited, or null when a duration does not read.</summary>
    private AddressBlockingOptions? BlockingValue() => blockingEdit.ToOptions(Blocking.CurrentValue);

    /// <summary>What the rehearsal replays: the section being edited as it stands in the form, the other as in force.</summary>
    private RehearsalPolicy? RehearsalCandidate()
    {
        var lockout = editing == LockoutPolicyOptions.Section ? LockoutValue() : Lockout.CurrentValue;
        var blocking = editing == AddressBlockingOptions.Section ? BlockingValue() : Blocking.CurrentValue;
        var risk = editing == RiskOptions.Section ? new RiskOptions { StepUpAbove = riskEdit } : Risk.CurrentValue;
        StateHasChanged();
        return lockout is null || blocking is null ? null : new RehearsalPolicy(lockout, blocking, risk);
    }

    private Task SaveBlockingAsync()
    {
        if (BlockingValue() is not { } value)
        {
            return Task.CompletedTask;
        }

        return SaveAsync(AddressBlockingOptions.Section, value,
            $"{value.Failures} failures within {DurationText.Describe(value.Window)} block an address for {DurationText.Describe(value.BlockDuration)}, doubling up to {DurationText.Describe(value.MaxBlockDuration)}.");
    }

    private void EditChallenge()
    {
        challengeEdit = Challenge.CurrentValue.AfterFailures;
        Begin(ChallengeOptions.Section);
    }

    private Task SaveChallengeAsync() =>
        SaveAsync(ChallengeOptions.Section, new ChallengeOptions { AfterFailures = challengeEdit },
            challengeEdit == 0 ? "No challenge after failures." : $"After {challengeEdit} failures of a name or from an address, a new device solves a puzzle first.");

    private void EditRisk()
    {
        riskEdit = Risk.CurrentValue.StepUpAbove;
        Begin(RiskOptions.Section);
    }

    private Task SaveRiskAsync() =>
        SaveAsync(RiskOptions.Section, new RiskOptions { StepUpAbove = riskEdit },
            riskEdit >= SignInRisk.Highest ? "No step-up by risk score." : $"Sign-ins scoring above {riskEdit} are challenged and asked for their second factor.");

    private void EditLimits()
    {
        limitsEdit = RateLimitsEdit.From(Limits.CurrentValue);
        Begin(RateLimitOptions.Section);
    }

    private Task SaveLimitsAsync() =>
        limitsEdit.ToOptions() is { } value
            ? SaveAsync(RateLimitOptions.Section, value, "New request limits for every client, on the next request.")
            : Task.CompletedTask;

    private async Task SaveAsync<T>(string section, T value, string summary)
        where T : class
    {
        var reason = await AskReasonAsync($"Change the {section} policy", summary, "Save");
        if (reason is null)
        {
            return;
        }

        saving = true;
        var actor = ConsoleActor.From((await AuthenticationState).User, ClientAddress);
        var result = await Scope.RunAsync<PolicyService, AdminResult>(s => s.SaveAsync(section, value, reason, actor, Aborted));
        saving = false;
        if (result.Outcome == AdminOutcome.Invalid)
        {
            errors = result.Message.Split('\n');
            return;
        }

        Snackbar.Show(result);
        if (result.Outcome is AdminOutcome.Done or AdminOutcome.NoChange)
        {
            Cancel();
        }
    }

    private async Task RestoreAsync<T>(string section)
        where T : class
    {
        var reason = await AskReasonAsync($"Restore the {section} policy", $"Drop the stored {section} policy and use the configured values again?", "Restore");
        if (reason is null)
        {
            return;
        }

        var actor = ConsoleActor.From((await AuthenticationState).User, ClientAddress);
        var result = await Scope.RunAsync<PolicyService, AdminResult>(s => s.RestoreConfigurationAsync<T>(section, reason, actor, Aborted));
        Snackbar.Show(result);
    }

    private async Task<string?> AskReasonAsync(string title, string message, string action) =>
        (await Dialogs.AskReasonAsync(title, message, action))?.Reason;
}
