using AdminConsole.Core.Links;
using AdminConsole.Core.Lockout;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Time.Testing;

namespace AdminConsole.Tests.Unit;

/// <summary>The code in a self-service unlock link: bound to one account and one lock, and short-lived on the app's clock.</summary>
public sealed class UnlockLinksTests
{
    private const string Stamp = "STAMPBEFORETHELOCK";
    private static readonly DateTimeOffset LockedAt = new(2026, 11, 23, 9, 0, 0, 123, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(LockedAt.AddSeconds(1));
    private readonly EphemeralDataProtectionProvider keys = new();

    private UnlockLinks Links(TimeSpan? lifetime = null) => new(
        keys,
        new FixedOptions<UnlockLinkOptions>(new() { UnlockLinkLifetime = lifetime ?? TimeSpan.FromMinutes(15) }),
        new PublicLinks(new FixedOptions<PublicUrlOptions>(new() { PublicBaseUrl = "https://console.example.test/" })),
        time);

    [Fact]
    public void A_code_opens_the_lock_it_was_issued_for()
    {
        var links = Links();

        Assert.True(links.IsValid(links.Create("u1", Stamp, LockedAt), "u1", Stamp, LockedAt));
    }

    [Fact]
    public void A_code_works_until_its_lifetime_ends_on_the_apps_clock()
    {
        var links = Links(TimeSpan.FromMinutes(15));
        var code = links.Create("u1", Stamp, LockedAt);

        time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromMilliseconds(1));
        Assert.True(links.IsValid(code, "u1", Stamp, LockedAt));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(links.IsValid(code, "u1", Stamp, LockedAt));
    }

    [Fact]
    public void The_lifetime_is_the_configured_one()
    {
        var code = Links(TimeSpan.FromMinutes(5)).Create("u1", Stamp, LockedAt);

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(Links(TimeSpan.FromMinutes(15)).IsValid(code, "u1", Stamp, LockedAt));
    }

    [Fact]
    public void A_code_is_spent_once_its_lock_is_lifted_or_replaced()
    {
        var links = Links();
        var code = links.Create("u1", Stamp, LockedAt);

        // lifted: the row holds no lock time any more; replaced: a later lock, even a millisecond later
        Assert.False(links.IsValid(code, "u1", Stamp, lockedAt: null));
        Assert.False(links.IsValid(code, "u1", Stamp, LockedAt.AddMilliseconds(1)));
        Assert.False(links.IsValid(code, "u1", Stamp, LockedAt.AddMinutes(20)));
    }

    [Fact]
    public void A_code_is_spent_once_the_accounts_security_stamp_changes()
    {
        // every lock renews the stamp, as do a password change and an admin's sign-out everywhere
        var links = Links();

        Assert.False(links.IsValid(links.Create("u1", Stamp, LockedAt), "u1", "ANOTHERSTAMP", LockedAt));
    }

    [Fact]
    public void A_lock_time_read_back_with_less_precision_is_the_same_lock()
    {
        // PostgreSQL keeps microseconds; the code names the lock by its millisecond
        var links = Links();
        var code = links.Create("u1", Stamp, LockedAt.AddTicks(7));

        Assert.True(links.IsValid(code, "u1", Stamp, LockedAt.AddTicks(0)));
    }

    [Fact]
    public void Another_accounts_code_is_refused()
    {
        var links = Links();

        Assert.False(links.IsValid(links.Create("u1", Stamp, LockedAt), "u2", Stamp, LockedAt));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(40)]
    public void A_tampered_code_is_refused(int position)
    {
        var links = Links();
        var bytes = WebEncoders.Base64UrlDecode(links.Create("u1", Stamp, LockedAt));
        bytes[position] ^= 0x01;

        Assert.False(links.IsValid(WebEncoders.Base64UrlEncode(bytes), "u1", Stamp, LockedAt));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")]
    public void Anything_that_is_not_a_code_is_refused_without_an_error(string? code)
    {
        Assert.False(Links().IsValid(code, "u1", Stamp, LockedAt));
    }

    [Fact]
    public void A_code_made_with_other_keys_is_refused()
    {
        var code = new UnlockLinks(
            new EphemeralDataProtectionProvider(), new FixedOptions<UnlockLinkOptions>(new()),
            new PublicLinks(new FixedOptions<PublicUrlOptions>(new() { PublicBaseUrl = "https://console.example.test/" })), time).Create("u1", Stamp, LockedAt);

        Assert.False(Links().IsValid(code, "u1", Stamp, LockedAt));
    }

    [Fact]
    public void The_link_is_under_the_public_base_url()
    {
        var link = Links().LinkFor("u1", Stamp, LockedAt);

        Assert.StartsWith("https://console.example.test/Account/Unlock?userId=u1&code=", link);
    }
}
