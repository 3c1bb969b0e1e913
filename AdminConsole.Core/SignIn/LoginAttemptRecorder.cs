using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using AdminConsole.Core.Identity;
using AdminConsole.Core.IpProtection;
using AdminConsole.Core.Lockout;

namespace AdminConsole.Core.SignIn;

/// <summary>
/// Writes every sign-in attempt together with the lockout counters it moves, each in one transaction, so an
/// attempt is never recorded without its effect or the reverse. The statements are <see cref="LockoutStore"/>'s;
/// counting is one conditional UPDATE whose SET clauses apply <see cref="LockoutPolicy"/> in SQL: Identity's read-modify-write loses failures when attempts
/// collide; this cannot.
/// </summary>
public sealed class LoginAttemptRecorder(
    Audit.ISecurityEventLog eventLog,
    SecurityDbContext db,
    LockoutPolicy policy,
    LockoutStore lockouts,
    KnownDeviceStore devices,
    AddressBlocker addresses,
    AddressRuleCache rules,
    IOptionsMonitor<Mail.MailOptions> mail,
    Telemetry.SecurityMetrics metrics,
    Location.LocationSignals places,
    TimeProvider time)
{
    /// <summary>The counters of a user name (clean when it has none).</summary>
    public Task<LockoutState> GetStateAsync(string key, CancellationToken cancellationToken) => lockouts.GetStateAsync(key, cancellationToken);

    /// <summary>
    /// Records an attempt that changes no account counter (rejected while locked, not allowed, two-factor next).
    /// An attempt on a locked account still counts against its address.
    /// </summary>
    public Task RecordAsync(LoginAttempt attempt, CancellationToken cancellationToken) => RecordAsync(attempt, guessed: true, cancellationToken);

    /// <summary>
    /// Records a refusal in which nobody typed a password (a token or a signed-in browser presented for an account that
    /// is locked now): it never counts against the address, which may be an application's server acting for its users.
    /// </summary>
    public Task RecordRefusalAsync(LoginAttempt attempt, CancellationToken cancellationToken) => RecordAsync(attempt, guessed: false, cancellationToken);

    private async Task RecordAsync(LoginAttempt attempt, bool guessed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        attempt.At = now;
        var addressKey = guessed && attempt.Outcome == LoginOutcome.LockedOut ? await PrepareAddressAsync(attempt, now, cancellationToken) : null;
        IpRule? block;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            block = addressKey is null ? null : await addresses.CountFailureAsync(addressKey, now, cancellationToken);
            attempt.Automated = guessed && attempt.Outcome == LoginOutcome.LockedOut && await IsAutomatedAsync(attempt, policy.Options, now, cancellationToken);
            db.LoginAttempts.Add(attempt);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        metrics.Attempt(attempt.Outcome);
        await ApplyBlockAsync(block, cancellationToken);
    }

    /// <summary>
    /// Counts a failure unless the name is locked, in one statement, records the attempt, and on a new lock
    /// writes the security event and changes the account's security stamp so its sessions end. With
    /// <paramref name="device"/> (the request's known device for this account), the failure also counts on the
    /// device; while the account is locked for new devices it counts on the device's own lane instead
    /// (<see cref="DeviceLanePolicy"/>). With a <paramref name="fingerprint"/> (<see cref="SignInSignals"/>), a wrong
    /// password already tried on the name within the failure window is recorded as
    /// <see cref="LoginOutcome.RepeatedWrongPassword"/> and counts nowhere: not on the account, its consecutive count,
    /// a device or the address. A <paramref name="honeypot"/> name blocks the address at once.
    /// </summary>
    public async Task<LockoutDecision> RecordFailureAsync(
        LoginAttempt attempt, CancellationToken cancellationToken, KnownDeviceState? device = null, string? fingerprint = null, bool honeypot = false)
    {
        var now = time.GetUtcNow();
        var options = policy.Options; // one snapshot of the policy for the statement, the decision and the event
        attempt.At = now;
        var addressKey = await PrepareAddressAsync(attempt, now, cancellationToken);
        for (var round = 0; ; round++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (fingerprint is not null && await RecordRepeatAsync(options, attempt, fingerprint, now, cancellationToken) is { } repeat)
            {
                await transaction.CommitAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return repeat;
            }

            var counted = await lockouts.CountFailureAsync(options, attempt.UserName, attempt.Address, now, cancellationToken);
            var row = await lockouts.ReadAsync(attempt.UserName, cancellationToken);
            if (row is null || (!counted && !LockoutPolicy.IsLocked(row.ToState(), now)))
            {
                // First failure for this name: create its row outside the transaction, then count again. Or the row
                // was created (or unlocked) by a concurrent request after the count looked and before the read: the
                // count missed it, and a name that is not locked must not be answered as locked. Count again.
                await transaction.RollbackAsync(cancellationToken);
                if (round > 1)
                {
                    throw new InvalidOperationException($"The lockout row for '{attempt.UserName}' could not be counted.");
                }

                if (row is null)
                {
                    await lockouts.EnsureRowAsync(attempt.UserName, attempt.UserId, cancellationToken);
                }

                continue;
            }

            var decision = LockoutPolicy.Describe(options, row.ToState(), counted, now);
            if (!counted && device is not null && DeviceLanePolicy.Choose(options, row.ToState(), device, disabled: false, now) == SignInLane.KnownDevice)
            {
                decision = await CountOnDeviceLaneAsync(options, attempt, row, device.Id, now, cancellationToken);
            }
            else if (!counted)
            {
                attempt.Outcome = LoginOutcome.LockedOut;
            }
            else if (device is not null)
            {
                // A known device's failures on the account's lane count on the device too: a device whose own
                // guesses locked the account gets no lane of its own for that lock.
                await lockouts.CountDeviceFailureAsync(options, device.Id, DeviceLanePolicy.DeviceLockEnd(options, row.ToState(), now), now, cancellationToken);
            }

            attempt.Tier = row.Tier;
            attempt.Automated = await IsAutomatedAsync(attempt, options, now, cancellationToken);
            db.LoginAttempts.Add(attempt);
            if (decision.Verdict == LockoutVerdict.LockedNow && (counted || decision.IsPermanent))
            {
                // The stamp first: the lock mail's unlock link is bound to the stamp the lock leaves behind.
                if (attempt.UserId is { } userId)
                {
                    await db.RenewSecurityStampAsync(userId, cancellationToken);
                }

                await eventLog.AddAsync(db, LockedEvent(attempt, decision, options.MaxConsecutiveFailures, now), cancellationToken);
            }

            var block = addressKey is null ? null
                : honeypot ? await addresses.BlockForHoneypotAsync(addressKey, attempt.UserName, now, cancellationToken)
                : await addresses.CountFailureAsync(addressKey, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            metrics.Attempt(attempt.Outcome);
            if (decision.Verdict == LockoutVerdict.LockedNow && (counted || decision.IsPermanent))
            {
                metrics.Lockout(decision.State.Tier);
            }

            await ApplyBlockAsync(block, cancellationToken);
            return decision;
        }
    }

    /// <summary>
    /// Inside the caller's transaction: when the name is not locked and this wrong password was tried on it within
    /// the failure window, records the attempt as a repeat and returns the answer an ordinary failure would get now
    /// (same remaining attempts); null when the password is new (its fingerprint is now remembered) or the name is
    /// locked (the ordinary path answers, device lanes included). A repeat tests no new password, so nothing counts.
    /// </summary>
    private async Task<LockoutDecision?> RecordRepeatAsync(
        LockoutPolicyOptions options, LoginAttempt attempt, string fingerprint, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var state = await lockouts.GetStateAsync(attempt.UserName, cancellationToken);
        if (LockoutPolicy.IsLocked(state, now)
            || await lockouts.RememberWrongPasswordAsync(attempt.UserName, fingerprint, now, LockoutPolicy.WindowStart(options, now), options.RepeatedPasswordsKept, cancellationToken))
        {
            return null;
        }

        attempt.Outcome = LoginOutcome.RepeatedWrongPassword;
        attempt.Tier = state.Tier;
        attempt.Automated = await IsAutomatedAsync(attempt, options, now, cancellationToken);
        db.LoginAttempts.Add(attempt);
        await db.SaveChangesAsync(cancellationToken);
        return LockoutPolicy.Describe(options, state, counted: true, now);
    }

    /// <summary>
    /// Whether the previous failure of this name from this address came less than
    /// <see cref="LockoutPolicyOptions.MinimumInterval"/> ago: faster than a person types (Keycloak's quick-login
    /// check). Only flagged, never answered differently, so a script learns nothing from it.
    /// </summary>
    private async Task<bool> IsAutomatedAsync(LoginAttempt attempt, LockoutPolicyOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (options.MinimumInterval <= TimeSpan.Zero)
        {
            return false;
        }

        var since = now - options.MinimumInterval;
        var key = attempt.UserName;
        var address = attempt.Address;
        return await db.LoginAttempts.AnyAsync(
            a => a.UserName == key && a.At > since && a.Address == address && LoginOutcomes.Failures.Contains(a.Outcome),
            cancellationToken);
    }

    /// <summary>
    /// A correct password on the common-password list: the account must change it before reaching anything else.
    /// Sets the flag and writes a <see cref="SecurityEventType.CommonPasswordSignIn"/> event (the dashboard counts
    /// them) once per time the flag is set.
    /// </summary>
    public async Task RequirePasswordChangeAsync(LoginAttempt attempt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Users.Where(u => u.Id == attempt.UserId && !u.PasswordChangeRequired)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordChangeRequired, true), cancellationToken) == 1)
        {
            await eventLog.AddAsync(db, SecurityEvents.CommonPasswordSignIn(attempt, now), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// A failure on a known device's lane, inside the caller's transaction: one conditional UPDATE counts it on the
    /// device (locking the device at <see cref="LockoutPolicyOptions.DeviceFailures"/>), and the account's
    /// consecutive count goes on, so a device lane never allows more than
    /// <see cref="LockoutPolicyOptions.MaxConsecutiveFailures"/> (NIST SP 800-63B 5.2.2): reaching it locks the
    /// account everywhere. Returns what the device's owner is told; a permanent lock reached here is
    /// <see cref="LockoutVerdict.LockedNow"/> on the account.
    /// </summary>
    private async Task<LockoutDecision> CountOnDeviceLaneAsync(
        LockoutPolicyOptions options, LoginAttempt attempt, AccountLockout account, string deviceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counted = await lockouts.CountDeviceFailureAsync(options, deviceId, DeviceLanePolicy.DeviceLockEnd(options, account.ToState(), now), now, cancellationToken);
        var device = await devices.FindAsync(deviceId, account.Key, cancellationToken);
        if (!counted || device is null)
        {
            attempt.Outcome = LoginOutcome.LockedOut;
            return device is null
                ? LockoutPolicy.Describe(options, account.ToState(), counted: false, now)
                : DeviceLanePolicy.Describe(options, device, account.ToState(), counted: false, now);
        }

        await lockouts.CountConsecutiveAsync(options, account.Key, now, cancellationToken);
        var after = await lockouts.GetStateAsync(account.Key, cancellationToken);
        if (LockoutPolicy.ReachesConsecutiveLimit(options, after.ConsecutiveFailures) && !LockoutPolicy.ReachesConsecutiveLimit(options, account.ConsecutiveFailures))
        {
            return new LockoutDecision(LockoutVerdict.LockedNow, after, 0);
        }

        var decision = DeviceLanePolicy.Describe(options, device, after, counted: true, now);
        if (decision.Verdict == LockoutVerdict.LockedNow)
        {
            await eventLog.AddAsync(db, SecurityEvents.KnownDeviceLocked(attempt, new KnownDeviceLockedDetails(deviceId[..8], device.Failures, device.LockedUntil), now), cancellationToken);
        }

        return decision;
    }

    /// <summary>The attempt's address counter key (null when not counted), its row created before any transaction.</summary>
    private async Task<string?> PrepareAddressAsync(LoginAttempt attempt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = addresses.KeyFor(attempt.Address);
        if (key is not null)
        {
            await addresses.EnsureCounterAsync(key, now, cancellationToken);
        }

        return key;
    }

    /// <summary>A new automatic block applies in this instance at once, and on the others as soon as they hear of it.</summary>
    private Task ApplyBlockAsync(IpRule? block, CancellationToken cancellationToken)
    {
        if (block is null)
        {
            return Task.CompletedTask;
        }

        metrics.AddressBlocked();
        return rules.ChangedAsync(cancellationToken);
    }

    /// <summary>
    /// Resets the counters of a name that is not locked and records the success. Returns the locked decision
    /// instead when another request locked the name after the password was checked: the lock wins, unless the
    /// request's known <paramref name="device"/> has a lane of its own through that lock
    /// (<see cref="DeviceLanePolicy"/>). Then the owner signs in, the device's counter starts afresh and the
    /// account stays locked for new devices until its tier ends: the owner's success does not reopen the account to
    /// whoever else is guessing. <paramref name="newDevice"/>: the sign-in came from a device without the account's
    /// device cookie; unless it is the account's first sign-in, the user is mailed about it
    /// (<see cref="Mail.MailOptions.NewDeviceSignIn"/>, the <see cref="SecurityEventType.NewDeviceSignIn"/> event).
    /// </summary>
    /// <param name="place">Where the sign-in comes from, when the caller has read it already (once per sign-in).</param>
    public async Task<LockoutDecision> RecordSuccessAsync(
        LoginAttempt attempt, CancellationToken cancellationToken, KnownDeviceState? device = null, bool newDevice = false, Location.LocationSignal? place = null)
    {
        var now = time.GetUtcNow();
        var options = policy.Options;
        attempt.At = now;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var previous = await lockouts.ReadAsync(attempt.UserName, cancellationToken);
        var reset = await lockouts.ResetAsync(attempt.UserName, now, cancellationToken);
        LockoutDecision decision;
        var onDeviceLane = !reset && previous is not null && device is not null
            && DeviceLanePolicy.Choose(options, previous.ToState(), device, disabled: false, now) == SignInLane.KnownDevice
            && await lockouts.ResetDeviceAsync(device.Id, attempt.Address, now, cancellationToken);
        if (onDeviceLane)
        {
            decision = new LockoutDecision(LockoutVerdict.Allowed, previous!.ToState(), null);
            var address = attempt.Address;
            await db.Users.Where(u => u.Id == attempt.UserId).ExecuteUpdateAsync(
                s => s.SetProperty(u => u.LastSignInAt, now).SetProperty(u => u.LastSignInAddress, address),
                cancellationToken);
            await eventLog.AddAsync(db, SecurityEvents.KnownDeviceSignInWhileLocked(
                attempt, new KnownDeviceSignInWhileLockedDetails(device!.Id[..8], previous.Tier, previous.Failures, previous.LockedUntil), now), cancellationToken);
        }
        else if (!reset && previous is not null)
        {
            decision = LockoutPolicy.Describe(options, previous.ToState(), counted: false, now);
            attempt.Outcome = LoginOutcome.LockedOut;
            attempt.Tier = previous.Tier;
        }
        else
        {
            decision = new LockoutDecision(LockoutVerdict.Allowed, LockoutState.Clean, null);
            if (device is not null)
            {
                await lockouts.ResetDeviceAsync(device.Id, attempt.Address, now, cancellationToken);
            }

            await lockouts.ForgetWrongPasswordsAsync(attempt.UserName, cancellationToken);
            var address = attempt.Address;
            var signedInBefore = newDevice && mail.CurrentValue.NewDeviceSignIn
                && await db.Users.AnyAsync(u => u.Id == attempt.UserId && u.LastSignInAt != null, cancellationToken);
            await db.Users.Where(u => u.Id == attempt.UserId).ExecuteUpdateAsync(
                s => s.SetProperty(u => u.LastSignInAt, now).SetProperty(u => u.LastSignInAddress, address),
                cancellationToken);
            if (signedInBefore)
            {
                await eventLog.AddAsync(db, SecurityEvents.NewDeviceSignIn(attempt, new NewDeviceSignInDetails(Sessions.UserAgentSummary.Describe(attempt.UserAgent)), now), cancellationToken);
            }

            await AddLocationEventsAsync(attempt, place, now, cancellationToken);
            if (previous is { Failures: > 0 } && previous.LastFailureAt > LockoutPolicy.WindowStart(options, now))
            {
                await eventLog.AddAsync(db, SecurityEvents.SignInAfterFailures(attempt, new SignInAfterFailuresDetails(previous.Failures, previous.LastFailureAddress, attempt.RiskScore), now), cancellationToken);
            }
        }

        db.LoginAttempts.Add(attempt);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        metrics.Attempt(attempt.Outcome);
        return decision;
    }

    /// <summary>A success from a new country for the account, or too far from its last one for the time between.</summary>
    private async Task AddLocationEventsAsync(LoginAttempt attempt, Location.LocationSignal? place, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var signal = place ?? await places.EvaluateAsync(attempt, cancellationToken);
        if (signal.Previous is not { } previous)
        {
            return;
        }

        if (signal.NewCountry)
        {
            await eventLog.AddAsync(db, SecurityEvents.NewCountrySignIn(attempt, new NewCountrySignInDetails(attempt.Country!, previous.Country, attempt.Asn, attempt.RiskScore), now), cancellationToken);
        }

        if (signal.ImpossibleTravel && signal.Travel is { } travel)
        {
            await eventLog.AddAsync(db, SecurityEvents.ImpossibleTravel(attempt, new ImpossibleTravelDetails(
                previous.Country, previous.Address, previous.At, attempt.Country!, Math.Round(travel.DistanceKm), travel.SpeedKmh is { } speed ? Math.Round(speed) : null, attempt.RiskScore), now), cancellationToken);
        }
    }

    /// <summary>
    /// After a password reset: clears a temporary lock and the count (the user proved mailbox access); a lock
    /// that only an admin may lift stays. Returns whether anything was cleared.
    /// </summary>
    public async Task<bool> ClearTemporaryLockAsync(string key, string? userId, string address, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var before = await lockouts.ReadAsync(key, cancellationToken);
        var cleared = await lockouts.ClearTemporaryLockAsync(key, now, cancellationToken);
        if (cleared && before is not null && LockoutPolicy.IsLocked(before.ToState(), now))
        {
            await eventLog.AddAsync(db, SecurityEvents.LockClearedByPasswordReset(
                userId, key, address, new LockClearedByPasswordResetDetails(before.Tier, before.Failures, before.LockedUntil), now), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return cleared;
    }

    private static SecurityEvent LockedEvent(LoginAttempt attempt, LockoutDecision decision, int maxConsecutive, DateTimeOffset now) =>
        SecurityEvents.AccountLocked(
            attempt,
            decision.State.ConsecutiveFailures >= maxConsecutive
                ? $"{decision.State.ConsecutiveFailures} consecutive failed sign-ins"
                : $"{decision.State.Failures} failed sign-ins",
            new AccountLockedDetails(
                decision.State.Tier,
                decision.State.Failures,
                decision.State.ConsecutiveFailures,
                decision.IsPermanent ? null : decision.State.LockedUntil,
                UntilAdminUnlocks: decision.IsPermanent,
                KnownAccount: attempt.UserId is not null),
            now);
}
