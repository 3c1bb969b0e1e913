using AdminConsole.Core.Links;

namespace AdminConsole.Tests.Unit;

/// <summary>The one rule for return URLs: a path on this site, never another host, a scheme or something a browser rewrites into one.</summary>
public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("/admin", true)]
    [InlineData("/Account/Manage/Sessions?tab=1#x", true)]
    [InlineData("/admin?next=https://evil.example", true)]
    [InlineData("Account/Manage", true)]
    [InlineData("admin?x=1", true)]
    [InlineData("%2F%2Fevil.example", true)] // stays a path on this site: /%2F%2Fevil.example
    [InlineData("//evil", false)]
    [InlineData("//evil.example", false)]
    [InlineData("///evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("\\\\evil.example", false)]
    [InlineData("/a\\..\\evil", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("JavaScript:alert(1)", false)]
    [InlineData("https://evil.example", false)]
    [InlineData("https:evil.example", false)]
    [InlineData(" /x", false)]
    [InlineData("/\t/evil.example", false)]
    [InlineData("/\n/evil.example", false)]
    [InlineData("~/admin", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_return_url_is_local_only_when_it_is_a_path_on_this_site(string? url, bool local)
    {
        Assert.Equal(local, LocalUrl.IsLocal(url));
        Assert.Equal(local ? url : null, LocalUrl.OrNull(url));
    }
}
