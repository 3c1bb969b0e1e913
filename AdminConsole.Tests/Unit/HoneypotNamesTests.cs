using AdminConsole.Core.IpProtection;

namespace AdminConsole.Tests.Unit;

public sealed class HoneypotNamesTests
{
    private static readonly string[] Honeypots = ["admin@example.com", "administrator@"];

    [Theory]
    [InlineData("admin@example.com", true)]
    [InlineData("ADMIN@EXAMPLE.COM", true)]
    [InlineData(" admin@example.com ", true)]
    [InlineData("admin@example.org", false)]
    [InlineData("administrator@anything.test", true)]
    [InlineData("ADMINISTRATOR@corp", true)]
    [InlineData("myadministrator@corp", false)]
    [InlineData("administrators@corp", false)]
    [InlineData("", false)]
    public void A_full_address_matches_itself_and_a_local_part_matches_at_any_domain(string typed, bool matches) =>
        Assert.Equal(matches, HoneypotNames.Matches(Honeypots, typed));

    [Theory]
    [InlineData("admin@example.com", true)]
    [InlineData("administrator@", true)]
    [InlineData("admin", false)]
    [InlineData("@example.com", false)]
    [InlineData("a@b@c.com", false)]
    [InlineData("admin @example.com", false)]
    [InlineData("admin@localhost", false)]
    public void Only_an_address_or_a_local_part_with_a_trailing_at_is_well_formed(string honeypot, bool valid) =>
        Assert.Equal(valid, HoneypotNames.IsWellFormed(honeypot));
}
