using AdminConsole.Components.Admin;
using AdminConsole.Components.Admin.Shared;
using AdminConsole.Core.Attempts;
using Bunit;
using MudBlazor;

namespace AdminConsole.Tests.Components;

/// <summary>Pseudonymised addresses are labelled as such and link nowhere; real ones link to their history.</summary>
public sealed class AddressLabelTests : BunitTest
{
    [Fact]
    public void A_pseudonymised_address_shows_a_chip_and_no_link()
    {
        var label = Render<AddressLabel>(p => p.Add(x => x.Address, AddressPseudonyms.Prefix + "0123456789abcdef"));

        Assert.Contains("pseudonymised", label.Find("[data-testid=pseudonymised-address]").TextContent);
        Assert.Contains("0123456789abcdef", label.Markup);
        Assert.Empty(label.FindAll("a"));
    }

    [Fact]
    public void A_real_address_links_to_its_history()
    {
        var label = Render<AddressLabel>(p => p.Add(x => x.Address, "203.0.113.5"));

        Assert.Equal("admin/addresses/203.0.113.5", label.Find("a").GetAttribute("href"));
        Assert.Empty(label.FindAll("[data-testid=pseudonymised-address]"));
    }

    [Fact]
    public void The_attempts_page_labels_pseudonymised_rows()
    {
        Services.AddScoped<AttemptQueries>();
        WithDatabase(db =>
        {
            db.LoginAttempts.Add(new LoginAttempt { At = DateTimeOffset.UtcNow.AddMinutes(-5), UserName = "OLD@EXAMPLE.COM", Address = AddressPseudonyms.Prefix + "feedfacecafebeef", Outcome = LoginOutcome.WrongPassword });
            db.LoginAttempts.Add(new LoginAttempt { At = DateTimeOffset.UtcNow, UserName = "NEW@EXAMPLE.COM", Address = "203.0.113.5", Outcome = LoginOutcome.WrongPassword });
            return db.SaveChanges();
        });
        Render<MudPopoverProvider>();

        var page = Render<Attempts>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=pseudonymised-address]")));
        Assert.Contains("feedfacecafebeef", page.Find("[data-testid=pseudonymised-address]").TextContent);
    }
}
