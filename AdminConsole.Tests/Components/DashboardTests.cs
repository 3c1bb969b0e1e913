using AdminConsole.Components.Admin;
using Bunit;

namespace AdminConsole.Tests.Components;

public sealed class DashboardTests : BunitTest
{
    [Fact]
    public void Shows_the_signed_in_admin_and_their_role()
    {
        AddAuthorization().SetAuthorized("admin@example.com").SetRoles(AppRoles.SecurityAdmin);

        var page = Render<Dashboard>();

        page.WaitForAssertion(() => Assert.Equal("admin@example.com", page.Find("[data-testid=console-user]").TextContent));
        Assert.Contains("(SecurityAdmin)", page.Markup);
    }

    [Fact]
    public void Shows_a_viewer_as_a_viewer()
    {
        AddAuthorization().SetAuthorized("viewer@example.com").SetRoles(AppRoles.SecurityViewer);

        var page = Render<Dashboard>();

        Assert.Contains("(SecurityViewer)", page.Markup);
    }

    [Fact]
    public void A_user_name_containing_html_is_rendered_as_text()
    {
        AddAuthorization().SetAuthorized("<img src=x onerror=alert(1)>@example.com").SetRoles(AppRoles.SecurityViewer);

        var page = Render<Dashboard>();

        Assert.Empty(page.FindAll("img"));
        Assert.Equal("<img src=x onerror=alert(1)>@example.com", page.Find("[data-testid=console-user]").TextContent);
    }

    [Fact]
    public void Warns_when_a_peer_that_is_not_a_trusted_proxy_forwards_addresses()
    {
        AddAuthorization().SetAuthorized("admin@example.com").SetRoles(AppRoles.SecurityAdmin);
        Services.GetRequiredService<AdminConsole.Core.IpProtection.ForwardedHeaderWarning>().Record(IPAddress.Parse("10.9.8.7"));

        var page = Render<Dashboard>();

        var warning = page.Find("[data-testid=forwarded-header-warning]").TextContent;
        Assert.Contains("10.9.8.7", warning);
        Assert.Contains("Network:TrustedProxies", warning);
    }

    [Fact]
    public void Shows_no_proxy_warning_when_no_peer_forwarded()
    {
        AddAuthorization().SetAuthorized("admin@example.com").SetRoles(AppRoles.SecurityAdmin);

        var page = Render<Dashboard>();

        Assert.Empty(page.FindAll("[data-testid=forwarded-header-warning]"));
    }
}
