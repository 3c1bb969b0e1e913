using AdminConsole.Core.Lockout;

namespace AdminConsole.Tests.Unit;

public sealed class SignInMessagesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static AppSignInResult Result(LockoutVerdict verdict, DateTimeOffset? until, int? left) =>
        AppSignInResult.From(new LockoutDecision(verdict, new LockoutState(5, 1, until, Now, Now), left));

    [Fact]
    public void A_counted_failure_says_how_many_attempts_are_left() =>
        Assert.Equal("Sign-in failed. Check your email and password. 3 attempts left before sign-in is locked.",
            SignInMessages.For(Result(LockoutVerdict.Counted, null, 3), showDetails: true, Now));

    [Fact]
    public void One_attempt_left_is_singular() =>
        Assert.EndsWith("1 attempt left before sign-in is locked.", SignInMessages.For(Result(LockoutVerdict.Counted, null, 1), true, Now));

    [Fact]
    public void A_lock_says_how_long_in_words_and_until_when_in_utc() =>
        Assert.Equal("Too many failed attempts: try again in 15 minutes (at 12:15 UTC).",
            SignInMessages.For(Result(LockoutVerdict.LockedNow, Now.AddMinutes(15), 0), true, Now));

    [Theory]
    [InlineData(10, "1 minute")]
    [InlineData(60, "1 minute")]
    [InlineData(61, "2 minutes")]
    [InlineData(44 * 60 + 5, "45 minutes")]
    [InlineData(59 * 60 + 30, "1 hour")]
    [InlineData(2 * 3600 - 30, "2 hours")]
    [InlineData(90 * 60, "2 hours")]
    [InlineData(89 * 60, "1 hour")]
    [InlineData(3 * 86400 - 600, "3 days")]
    public void The_wait_is_rounded_the_way_people_say_it(int seconds, string words) =>
        Assert.Contains($"try again in {words} (at ",
            SignInMessages.For(Result(LockoutVerdict.AlreadyLocked, Now.AddSeconds(seconds), 0), true, Now));

    [Fact]
    public void A_lock_ending_on_another_day_gives_the_date() =>
        Assert.EndsWith("try again in 1 day (at 24 Nov 2026 12:00 UTC).",
            SignInMessages.For(Result(LockoutVerdict.LockedNow, Now.AddDays(1), 0), true, Now));

    [Fact]
    public void A_temporary_lock_offers_a_password_reset() =>
        Assert.True(SignInMessages.OffersPasswordReset(Result(LockoutVerdict.LockedNow, Now.AddMinutes(15), 0), showDetails: true));

    [Fact]
    public void An_admin_only_lock_offers_no_password_reset_because_a_reset_does_not_lift_it() =>
        Assert.False(SignInMessages.OffersPasswordReset(Result(LockoutVerdict.AlreadyLocked, LockoutPolicy.UntilUnlocked, 0), showDetails: true));

    [Fact]
    public void An_admin_lock_without_failures_offers_no_password_reset_because_a_reset_does_not_lift_it() =>
        Assert.False(SignInMessages.OffersPasswordReset(
            AppSignInResult.From(new LockoutDecision(LockoutVerdict.AlreadyLocked, new LockoutState(0, 0, Now.AddHours(1), Now, null), 0)), showDetails: true));

    [Fact]
    public void With_details_hidden_no_password_reset_is_offered() =>
        Assert.False(SignInMessages.OffersPasswordReset(Result(LockoutVerdict.LockedNow, Now.AddMinutes(15), 0), showDetails: false));

    [Fact]
    public void A_wrong_password_before_any_lock_offers_no_password_reset() =>
        Assert.False(SignInMessages.OffersPasswordReset(Result(LockoutVerdict.Counted, null, 3), showDetails: true));

    [Fact]
    public void An_admin_only_lock_says_an_administrator_must_unlock() =>
        Assert.Contains("until an administrator unlocks",
            SignInMessages.For(Result(LockoutVerdict.LockedNow, LockoutPolicy.UntilUnlocked, 0), true, Now));

    [Fact]
    public void With_details_hidden_every_failure_reads_the_same()
    {
        var messages = new[]
        {
            SignInMessages.For(Result(LockoutVerdict.Counted, null, 3), false, Now),
            SignInMessages.For(Result(LockoutVerdict.LockedNow, Now.AddMinutes(15), 0), false, Now),
            SignInMessages.For(Result(LockoutVerdict.AlreadyLocked, LockoutPolicy.UntilUnlocked, 0), false, Now),
        };

        Assert.All(messages, m => Assert.Equal(SignInMessages.Failed, m));
    }

    [Fact]
    public void A_storage_fault_says_try_again_later() =>
        Assert.Equal(SignInMessages.Unavailable, SignInMessages.For(AppSignInResult.Unavailable(), true, Now));
}
