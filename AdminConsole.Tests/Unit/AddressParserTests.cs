using AdminConsole.Core.IpProtection;

namespace AdminConsole.Tests.Unit;

public sealed class AddressParserTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("  10.1.2.3 ", "10.1.2.3")]
    [InlineData("203.0.113.0/24", "203.0.113.0/24")]
    [InlineData("10.1.0.0/16", "10.1.0.0/16")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("[::1]", "::1")]
    [InlineData("2001:DB8:0:0:0:0:0:1", "2001:db8::1")]
    [InlineData("2001:db8:1:2::/64", "2001:db8:1:2::/64")]
    [InlineData("::ffff:10.0.0.1", "10.0.0.1")]
    [InlineData("::ffff:10.1.2.0/120", "10.1.2.0/24")]
    public void Valid_forms_give_the_canonical_value(string input, string canonical)
    {
        var result = AddressParser.Parse(input, 16, 48);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(canonical, result.Canonical);
    }

    [Theory]
    [InlineData("0x7f.1", "dotted-quad")]
    [InlineData("127.1", "dotted-quad")]
    [InlineData("2130706433", "dotted-quad")]
    [InlineData("0177.0.0.1", "leading zero")]
    [InlineData("256.1.1.1", "over 255")]
    [InlineData("[::1]:443", "port")]
    [InlineData("fe80::1%eth0", "zone index")]
    [InlineData("10.0.0.0/8", "wider than the widest range allowed for IPv4 (/16)")]
    [InlineData("2001:db8::/32", "wider than the widest range allowed for IPv6 (/48)")]
    [InlineData("10.0.0.1/24", "did you mean 10.0.0.0/24")]
    [InlineData("1.2.3.4/33", "longer than an IPv4 address")]
    [InlineData("1.2.3.4/x", "not a prefix length")]
    [InlineData("::ffff:10.0.0.0/95", "IPv4-mapped range shorter than /96")]
    [InlineData("gar:bage", "not an IPv6 address")]
    [InlineData("example.com", "dotted-quad")]
    [InlineData("", "Enter an IP address")]
    [InlineData("   ", "Enter an IP address")]
    public void Ambiguous_or_wrong_forms_are_refused_with_a_reason(string input, string reason)
    {
        var result = AddressParser.Parse(input, 16, 48);

        Assert.False(result.Succeeded);
        Assert.Contains(reason, result.Error);
    }

    [Theory]
    [InlineData("\u0661\u0669\u0662.\u0660.\u0662.\u0661")]
    [InlineData("\uFF11\uFF12\uFF17.\uFF10.\uFF10.\uFF11")]
    [InlineData("192.0.2.0/\uFF12\uFF14")]
    [InlineData("192.0.2.0/\u0662\u0664")]
    [InlineData("\u09E7.\u09E8.\u09E9.\u09EA")]
    [InlineData("2001:db8::\uFF11")]
    [InlineData("192.0.2.1\u0000")]
    [InlineData("192.0.2\n.1")]
    public void Digits_of_other_scripts_and_control_characters_are_refused_without_throwing(string input)
    {
        var result = AddressParser.Parse(input, 16, 48);

        Assert.False(result.Succeeded);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public void Without_width_limits_a_wide_range_is_accepted() =>
        Assert.Equal("10.0.0.0/8", AddressParser.Parse("10.0.0.0/8").Canonical);
}

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.9", "203.0.113.9")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.9")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("fe80::1%3", "fe80::/64")]
    public void The_counter_key_is_the_ipv4_address_or_the_ipv6_64(string address, string key) =>
        Assert.Equal(key, ClientAddress.Key(IPAddress.Parse(address)));

    [Fact]
    public void Two_hosts_in_one_64_share_a_key_and_other_64s_do_not()
    {
        Assert.Equal(ClientAddress.Key(IPAddress.Parse("2001:db8:1:2::1")), ClientAddress.Key(IPAddress.Parse("2001:db8:1:2::ffff")));
        Assert.NotEqual(ClientAddress.Key(IPAddress.Parse("2001:db8:1:2::1")), ClientAddress.Key(IPAddress.Parse("2001:db8:1:3::1")));
    }
}

public sealed class AddressBlockLengthTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 24)]
    [InlineData(40, 24)]
    public void Each_repeat_block_doubles_up_to_24_hours(int blocks, int hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), AddressBlocker.BlockLength(new AddressBlockingOptions(), blocks));
}
