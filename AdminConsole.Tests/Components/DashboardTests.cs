using Microsoft.AspNetCore.Components;
using AdminConsole.Components.Admin;
using Bunit;

namespace AdminConsole.Tests.Components;

public sealed class DashboardTests : BunitTest
{
    /// <summary>The page is static server rendering; its live figures are an island.</summary>
    private IRenderedComponent<Dashboard> RenderPage()
    {
        Renderer.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        return Render<Dashboard>();
    }

    [Fact]
    public void The_range_is_a_link_and_comes_from_the_query_string()
    {
        AddAuthorization().SetAuthorized("admin@example.com").SetRoles(AppRoles.SecurityAdmin);
        Services.GetRequiredService<NavigationManager>().NavigateTo("admin?range=30d");

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Contains("Sign-ins per day", page.Markup));
        Assert.Equal("admin?range=7d", page.Find("[data-testid=range-7d]").GetAttribute("href"));
        Assert.Equal("true", page.Find("[data-testid=range-30d]").GetAttribute("aria-current"));
        Assert.Null(page.Find("[data-testid=range-24h]").GetAttribute("aria-current"));
    }

    [Fact]
    public void The_sign_in_chart_draws_failed_in_amber_and_locked_out_in_red_not_in_teal()
    {
        AddAuthorization().SetAuthorized("admin@example.com").SetRoles(AppRoles.SecurityAdmin);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-chart-legend-item")));
        string Marker(string series) => page.FindAll(".mud-chart-legend-item").Single(i => i.TextContent.Trim() == series).InnerHtml;
        Assert.Contains("#F59E0B", Marker("Failed"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("#DC2626", Marker("Locked out"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("#16A34A", Marker("Succeeded"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_live_figures_render_with_the_page()
    {
        AddAuthorization().SetAuthorized("admin@example.com").SetRoles(AppRoles.SecurityAdmin).SetPolicies(WebApplicationExtensions.ConsolePolicy);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-testid=locked-now-value]").TextContent));
        Assert.Equal("no account is locked", page.Find("[data-testid=locked-now] .mud-typography-caption").TextContent);
    }
    [Fact]
    public void Shows_the_signed_in_admin_and_their_role()
    {
        AddAuthorization().SetAuthorized("admin@example.com").SetRoles(AppRoles.SecurityAdmin);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal("admin@example.com", page.Find("[data-testid=console-user]").TextContent));
        Assert.Contains("(SecurityAdmin)", page.Markup);
    }

    [Fact]
    public void Shows_a_viewer_as_a_viewer()
    {
        AddAuthorization().SetAuthorized("viewer@example.com").SetRoles(AppRoles.SecurityViewer);

        var page = RenderPage();

        Assert.Contains("(SecurityViewer)", page.Markup);
    }

    [Fact]
    public void A_user_name_containing_html_is_rendered_as_text()
    {
        AddAuthorization().SetAuthorized("<img src=x onerror=alert(1)>@example.com").SetRoles(AppRoles.SecurityViewer);

        var page = RenderPage();

        Assert.Empty(page.FindAll("img"));
        Assert.Equal("<img src=x onerror=alert(1)>@example.com", page.Find("[data-testid=console-user]").TextContent);
    }

    [Fact]
    public void Warns_when_a_peer_that_is_not_a_trusted_proxy_forwards_addresses()
    {
        AddAuthorization().SetAuthorized("admin@example.com").SetRoles(AppRoles.SecurityAdmin);
        Services.GetRequiredService<AdminConsole.Core.IpProtection.ForwardedHeaderWarning>().Record(IPAddress.Parse("10.9.8.7"));

        var page = RenderPage();

        var warning = page.Find("[data-testid=forwarded-header-warning]").TextContent;
        Assert.Contains("10.9.8.7", warning);
        Assert.Contains("Network:TrustedProxies", warning);
    }

    [Fact]
    public void Shows_no_proxy_warning_when_no_peer_forwarded()
    {
        AddAuthorization().SetAuthorized("admin@example.com").SetRoles(AppRoles.SecurityAdmin);

        var page = RenderPage();

        Assert.Empty(page.FindAll("[data-testid=forwarded-header-warning]"));
    }
}
