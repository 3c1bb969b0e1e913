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
    public void A_lock_says_until_when_in_utc() =>
        Assert.Equal("Too many failed attempts: sign-in is locked until 12:15 UTC.",
            SignInMessages.For(Result(LockoutVerdict.LockedNow, Now.AddMinutes(15), 0), true, Now));

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
