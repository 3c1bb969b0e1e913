using AdminConsole.Core.Attempts;

namespace AdminConsole.Tests.Unit;

/// <summary>The attempts pages say what happened in words, with a lock tier only where one is in force.</summary>
public sealed class LoginOutcomeTextTests
{
    [Fact]
    public void Every_outcome_has_words_of_its_own()
    {
        var words = Enum.GetValues<LoginOutcome>().Select(o => LoginOutcomeText.Describe(o)).ToList();

        Assert.Equal(words.Count, words.Distinct().Count());
        Assert.All(Enum.GetValues<LoginOutcome>(), o => Assert.NotEqual(o.ToString(), LoginOutcomeText.Describe(o)));
    }

    [Fact]
    public void The_tier_is_named_only_when_a_lock_is_in_force()
    {
        Assert.Equal("Wrong password", LoginOutcomeText.Describe(LoginOutcome.WrongPassword, 0));
        Assert.Equal("Locked out · tier 2", LoginOutcomeText.Describe(LoginOutcome.LockedOut, 2));
        Assert.Equal("Second factor asked", LoginOutcomeText.Describe(LoginOutcome.RequiresTwoFactor));
    }
}
