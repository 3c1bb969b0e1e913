using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Links;
using AdminConsole.Core.Lockout;
using AdminConsole.Core.Mail;

namespace AdminConsole.Tests.Unit;

/// <summary>The lock mail offers the unlock link only for a lock its owner may lift, and names the support contact when one is set.</summary>
public sealed class UnlockMailTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private const string Unlock = "https://console.example.com/Account/Unlock?userId=u1&code=abc";
    private static readonly PublicLinks Links = new(new FixedOptions<PublicUrlOptions>(new() { PublicBaseUrl = "https://console.example.com/" }));
    private static readonly LoginAttempt Attempt = new() { UserId = "u1", UserName = "ALICE@EXAMPLE.COM", Address = "203.0.113.5" };

    private static SecurityEvent Locked(bool untilAdminUnlocks) => SecurityEvents.AccountLocked(
        Attempt, "5 failed sign-ins", new AccountLockedDetails(1, 5, 5, untilAdminUnlocks ? null : Now.AddMinutes(15), untilAdminUnlocks, true), Now);

    [Fact]
    public void The_mail_of_a_temporary_lock_offers_the_unlock_link_after_the_reset_link()
    {
        var mail = MailComposer.ForUser(Locked(untilAdminUnlocks: false), "alice@example.com", Links, Now, Unlock)!;

        Assert.Contains("you can lift the lock without changing your password", mail.TextBody);
        Assert.Contains($"Unlock my account: {Unlock}", mail.TextBody);
        Assert.True(mail.TextBody.IndexOf("Reset your password: ", StringComparison.Ordinal) < mail.TextBody.IndexOf("Unlock my account: ", StringComparison.Ordinal));
        Assert.Contains($"href=\"{System.Net.WebUtility.HtmlEncode(Unlock)}\"", mail.HtmlBody);
    }

    [Fact]
    public void The_mail_of_a_lock_only_an_admin_lifts_offers_no_unlock_link()
    {
        var mail = MailComposer.ForUser(Locked(untilAdminUnlocks: true), "alice@example.com", Links, Now, Unlock)!;

        Assert.DoesNotContain("Account/Unlock", mail.TextBody + mail.HtmlBody);
        Assert.Contains("Only an administrator can unlock it now.", mail.TextBody);
    }

    [Fact]
    public void Lock_mails_name_the_support_contact_only_when_one_is_set()
    {
        var with = MailComposer.ForUser(Locked(untilAdminUnlocks: true), "alice@example.com", Links, Now, supportContact: "help@example.com")!;
        var byAdmin = MailComposer.ForUser(
            SecurityEvents.AccountAction(SecurityEventType.AccountLocked, new ConsoleActor("admin@example.com", true, null), "u1", "ALICE@EXAMPLE.COM", "why",
                new AccountLockedByAdminDetails(null, true, 0, 0), Now),
            "alice@example.com", Links, Now, supportContact: "https://help.example.com/")!;
        var without = MailComposer.ForUser(Locked(untilAdminUnlocks: true), "alice@example.com", Links, Now)!;

        Assert.Contains("Need help? Contact support: help@example.com", with.TextBody);
        Assert.Contains("Need help? Contact support: help@example.com", with.HtmlBody);
        Assert.Contains("Need help? Contact support: https://help.example.com/", byAdmin.TextBody);
        Assert.DoesNotContain("Contact support", without.TextBody);
    }

    [Fact]
    public void The_unlock_mail_links_to_the_unlock_page_and_to_sign_in_and_says_how_long_it_works()
    {
        var mail = MailComposer.UnlockLink("alice@example.com", Unlock, "https://console.example.com/Account/Login", TimeSpan.FromMinutes(15), "help@example.com", Now);

        Assert.Equal((AccountMailKind.UnlockLink, "Unlock your account"), (mail.Kind, mail.Subject));
        Assert.Contains("works once and expires in 15 minutes", mail.TextBody);
        Assert.Contains($"Unlock my account: {Unlock}", mail.TextBody);
        Assert.Contains("Sign in: https://console.example.com/Account/Login", mail.TextBody);
        Assert.Contains("Need help? Contact support: help@example.com", mail.TextBody);
    }

    [Theory]
    [InlineData(false, "2026-11-23T12:15:00Z", true)]
    [InlineData(true, "2026-11-23T12:15:00Z", false)]
    [InlineData(false, null, false)]
    [InlineData(false, "2026-11-23T12:00:00Z", false)]
    public void Only_a_temporary_lock_after_failures_is_one_its_owner_may_lift(bool byAdmin, string? until, bool liftable)
    {
        var state = new LockoutState(5, 1, until is null ? null : DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture), Now, Now, 5, byAdmin);

        Assert.Equal(liftable, LockoutPolicy.OwnerMayLift(state, Now));
        Assert.False(LockoutPolicy.OwnerMayLift(state with { LockedUntil = LockoutPolicy.UntilUnlocked }, Now));

        // A cap lowered since the lock was set: a name already at it is not the owner's to lift.
        Assert.False(LockoutPolicy.OwnerMayLift(state, Now, maxConsecutiveFailures: 5));
        Assert.Equal(liftable, LockoutPolicy.OwnerMayLift(state, Now, maxConsecutiveFailures: 6));
    }
}
