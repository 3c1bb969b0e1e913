using AdminConsole.Core.Audit;

namespace AdminConsole.Tests.Unit;

/// <summary>The audit log shows event types and details as words an admin reads, not stored names and JSON.</summary>
public sealed class SecurityEventTextTests
{
    [Fact]
    public void An_event_type_is_shown_in_words()
    {
        Assert.Equal("Account locked", SecurityEventText.Describe(SecurityEventType.AccountLocked));
        Assert.Equal("Shared state restored", SecurityEventText.Describe(SecurityEventType.SharedStateRestored));
    }

    [Fact]
    public void Details_are_names_in_words_with_yes_no_times_in_utc_and_no_empty_values()
    {
        var details = new AccountLockedDetails(2, 10, 10, new DateTimeOffset(2026, 12, 7, 10, 15, 0, TimeSpan.Zero), UntilAdminUnlocks: false, KnownAccount: true);
        var stored = SecurityEvents.AccountLocked(new AdminConsole.Core.Attempts.LoginAttempt { UserName = "A@B.C", Address = "10.0.0.1" }, "10 failed sign-ins", details, DateTimeOffset.UnixEpoch).Details;

        var text = SecurityEventText.DescribeDetails(stored);

        Assert.Equal("tier: 2 · failures: 10 · consecutive failures: 10 · locked until: 2026-12-07 10:15 UTC · until admin unlocks: no · known account: yes", text);
    }

    [Fact]
    public void Durations_read_as_people_say_them_and_text_that_is_not_json_stays_as_it_is()
    {
        Assert.Equal("block for: 1 hour · level: 3", SecurityEventText.DescribeDetails("""{"BlockFor":"01:00:00","Level":3,"Note":null}"""));
        Assert.Equal("not json {", SecurityEventText.DescribeDetails("not json {"));
        Assert.Equal("session: vfEsaikDPq… · session was open: yes",
            SecurityEventText.DescribeDetails("""{"Session":"vfEsaikDPqdecBmnv-c8oxMIwCWeMHAdIoNyq5E_v-c","SessionWasOpen":true}"""));
        Assert.Null(SecurityEventText.DescribeDetails(null));
    }
}
