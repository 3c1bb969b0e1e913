using AdminConsole.Core.OpenId;
using Microsoft.Extensions.Options;

namespace AdminConsole.Tests.Unit;

/// <summary>Applications from configuration are checked at start; each error names the key to fix.</summary>
public sealed class OpenIdOptionsValidatorTests
{
    private static OpenIdClientOptions Public() => new()
    {
        ClientId = "spa",
        DisplayName = "Single-page app",
        Type = "public",
        RedirectUris = ["https://app.example.com/callback"],
        Scopes = ["openid", "email"],
    };

    private static string? Errors(params OpenIdClientOptions[] clients)
    {
        var result = new OpenIdOptionsValidator().Validate(Options.DefaultName, new OpenIdOptions { Clients = [.. clients] });
        return result.Succeeded ? null : result.FailureMessage;
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(3, true)]
    [InlineData(1, false)]
    [InlineData(1001, false)]
    public void Client_failures_are_0_for_no_lock_or_from_3_to_1000(int failures, bool valid)
    {
        var result = new OpenIdOptionsValidator().Validate(Options.DefaultName, new OpenIdOptions { ClientFailures = failures });
        Assert.Equal(valid, result.Succeeded);
    }

    [Fact]
    public void The_defaults_and_a_well_formed_client_pass()
    {
        Assert.Null(Errors());
        Assert.Null(Errors(Public(), new OpenIdClientOptions { ClientId = "api", DisplayName = "API", Type = "Confidential", ClientSecret = new string('s', 32) }));
    }

    public static TheoryData<string, Action<OpenIdClientOptions>> BadClients => new()
    {
        { "OpenId:Clients:0:ClientId", c => c.ClientId = "has space" },
        { "OpenId:Clients:0:ClientId", c => c.ClientId = null },
        { "OpenId:Clients:0:ClientId", c => c.ClientId = "0f8fad5b-d9cb-469f-a165-70867728950e" }, // an account id's form
        { "OpenId:Clients:0:DisplayName", c => c.DisplayName = "" },
        { "OpenId:Clients:0:Type", c => c.Type = "private" },
        { "OpenId:Clients:0:ClientSecret", c => c.ClientSecret = "a-public-client-cannot-keep-secrets-like-this" },
        { "OpenId:Clients:0:ClientSecret", c => (c.Type, c.ClientSecret) = ("confidential", "short") },
        { "OpenId:Clients:0:RedirectUris:0", c => c.RedirectUris = [] },
        { "OpenId:Clients:0:RedirectUris:0", c => c.RedirectUris = ["http://app.example.com/callback"] },
        { "OpenId:Clients:0:RedirectUris:0", c => c.RedirectUris = ["https://app.example.com/callback#x"] },
        { "OpenId:Clients:0:RedirectUris:0", c => c.RedirectUris = ["/callback"] },
        { "OpenId:Clients:0:PostLogoutRedirectUris:0", c => c.PostLogoutRedirectUris = ["javascript:alert(1)"] },
        { "OpenId:Clients:0:BackChannelLogoutUri", c => c.BackChannelLogoutUri = "ftp://app.example.com/logout" },
        { "OpenId:Clients:0:Scopes:1", c => c.Scopes = ["openid", "admin"] },
        { "OpenId:Clients:0:Scopes", c => c.Scopes = ["email"] },
        { "OpenId:Clients:0:Consent", c => c.Consent = "sometimes" },
        { "OpenId:Clients:0:Consent", c => c.Consent = "explicit" },
    };

    [Theory]
    [MemberData(nameof(BadClients))]
    public void A_bad_client_setting_is_refused_naming_its_key(string key, Action<OpenIdClientOptions> spoil)
    {
        var client = Public();
        spoil(client);

        Assert.Contains(key + " ", Errors(client) ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_is_accepted_for_a_loopback_redirect_only()
    {
        var client = Public();
        client.RedirectUris = ["http://127.0.0.1:5000/callback", "http://localhost:5000/callback"];

        Assert.Null(Errors(client));
    }

    [Fact]
    public void Two_clients_with_one_id_are_refused()
    {
        Assert.Contains("OpenId:Clients:1:ClientId 'spa' is used by another client", Errors(Public(), Public()), StringComparison.Ordinal);
    }
}
