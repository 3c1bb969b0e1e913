using System.Text.Json;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.OpenId;
using Microsoft.IdentityModel.JsonWebTokens;
using static AdminConsole.Tests.Infrastructure.OpenIdAppFactory;

namespace AdminConsole.Tests.Integration;

/// <summary>
/// AdminConsole as an OpenID Connect provider, driven as a browser and a relying party would: Kestrel on a loopback
/// port behind a trusted TLS proxy, real redirects and cookies, the sign-in page of the counted pipeline.
/// </summary>
[Trait(TestDatabase.Trait, TestDatabase.BothTrait)]
public sealed class OpenIdFlowTests(OpenIdAppFactory app) : IClassFixture<OpenIdAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Discovery_offers_the_code_flow_with_S256_only_and_no_implicit_or_password_grant()
    {
        using var response = await app.Browser().GetAsync("/.well-known/openid-configuration", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal(AppFactory.PublicBaseUrl, body.GetProperty("issuer").GetString());
        Assert.Equal(["code"], Strings(body, "response_types_supported"));
        Assert.Equal(["S256"], Strings(body, "code_challenge_methods_supported"));
        var grants = Strings(body, "grant_types_supported");
        Assert.Equal(["authorization_code", "client_credentials", "refresh_token"], grants.Order());
        Assert.Contains("RS256", Strings(body, "id_token_signing_alg_values_supported"));
    }

    [Fact]
    public async Task The_sign_in_page_lets_its_form_end_at_the_registered_applications_and_nowhere_else()
    {
        using var response = await app.Browser().GetAsync("/Account/Login", Cancel);

        // Browsers apply form-action to the redirects after a post: the sign-in ends in a redirect to the application.
        var csp = string.Join(", ", response.Headers.GetValues("Content-Security-Policy"));
        var formAction = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("form-action", StringComparison.Ordinal));
        Assert.Equal("form-action 'self' http://127.0.0.1:5998 http://127.0.0.1:5999 https://app.example.test", formAction);
    }

    [Fact]
    public async Task The_jwks_publishes_the_public_half_of_the_signing_keys_kept_in_the_database()
    {
        using var response = await app.Browser().GetAsync("/.well-known/jwks", Cancel);

        var keys = (await JsonAsync(response)).GetProperty("keys").EnumerateArray().ToList();
        var stored = await app.WithDbAsync(db => db.OpenIdKeys.Where(k => k.Use == OpenIdKeyUse.Signing).Select(k => k.Id).ToListAsync(Cancel));
        Assert.NotEmpty(stored);
        Assert.Equal(stored.Order(), keys.Select(k => k.GetProperty("kid").GetString()!).Order());
        Assert.All(keys, k =>
        {
            Assert.Equal("RSA", k.GetProperty("kty").GetString());
            Assert.Equal("RS256", k.GetProperty("alg").GetString());
            Assert.False(k.TryGetProperty("d", out _), "a private part was published");
        });
        var material = await app.WithDbAsync(db => db.OpenIdKeys.Select(k => k.Material).FirstAsync(Cancel));
        Assert.Throws<System.Security.Cryptography.CryptographicException>(() =>
        {
            using var rsa = System.Security.Cryptography.RSA.Create();
            rsa.ImportPkcs8PrivateKey(material, out _); // stored data-protected, not as a plain key
        });
    }

    [Fact]
    public async Task A_person_without_a_session_signs_in_on_the_sign_in_page_and_the_client_gets_signed_tokens()
    {
        var email = await app.CreateUserAsync();
        var browser = app.Browser();
        var (verifier, challenge) = Pkce();
        var url = AuthorizeUrl(PublicClient, PublicRedirect, challenge);

        using var first = await browser.GetAsync(url, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/Account/Login", LocationOf(browser, first).AbsolutePath, StringComparison.OrdinalIgnoreCase);
        var redirect = await AuthorizeAsync(browser, url, email);
        Assert.StartsWith(PublicRedirect + "?", redirect.AbsoluteUri, StringComparison.Ordinal);
        using var response = await RedeemAsync(browser, CodeOf(redirect), verifier);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await JsonAsync(response);
        Assert.Equal(300, tokens.GetProperty("expires_in").GetInt32());
        var access = new JsonWebToken(tokens.GetProperty("access_token").GetString());
        Assert.Equal("RS256", access.Alg);
        Assert.Equal(300, (access.ValidTo - access.IssuedAt).TotalSeconds);
        Assert.Equal(AppFactory.PublicBaseUrl, access.Issuer);
        var signingKeys = await app.WithDbAsync(db => db.OpenIdKeys.Where(k => k.Use == OpenIdKeyUse.Signing).Select(k => k.Id).ToListAsync(Cancel));
        Assert.Contains(access.Kid, signingKeys);
        var id = new JsonWebToken(tokens.GetProperty("id_token").GetString());
        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == email, Cancel));
        Assert.Equal(user.Id, id.Subject);
        Assert.Equal(email, id.GetClaim("email").Value);
        Assert.False(id.TryGetClaim(OpenIdClaims.Session, out _), "the server-side session id left the provider");
        Assert.True(tokens.TryGetProperty("refresh_token", out _));

        var attempt = await app.WithDbAsync(db => db.LoginAttempts.SingleAsync(a => a.UserId == user.Id, Cancel));
        Assert.Equal((LoginOutcome.Succeeded, PublicClient), (attempt.Outcome, attempt.ClientId));
    }

    [Fact]
    public async Task The_sessions_list_names_the_applications_a_session_signed_in_to()
    {
        var (_, browser, _) = await SignedInBrowserAsync();
        var (_, challenge) = Pkce();
        using (var again = await browser.GetAsync(AuthorizeUrl(PublicClient, PublicRedirect, challenge), Cancel))
        {
            CodeOf(LocationOf(browser, again)); // a second sign-in to the same application, straight through
        }

        using var response = await browser.GetAsync("/api/account/sessions", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = Assert.Single(JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement.EnumerateArray());
        Assert.Equal([$"Test {PublicClient}"], session.GetProperty("applications").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task A_wrong_password_on_the_way_is_counted_and_recorded_for_the_client()
    {
        var email = await app.CreateUserAsync();
        var browser = app.Browser();
        var (_, challenge) = Pkce();

        using var first = await browser.GetAsync(AuthorizeUrl(PublicClient, PublicRedirect, challenge), Cancel);
        using var signIn = await browser.PostFormAsync(LocationOf(browser, first).PathAndQuery, "login",
            [new("Input.Email", email), new("Input.Password", TestPasswords.Wrong)]);

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode); // the form again, with the one failure message
        var attempt = await app.WithDbAsync(db => db.LoginAttempts.SingleAsync(a => a.UserName == email.ToUpperInvariant(), Cancel));
        Assert.Equal((LoginOutcome.WrongPassword, PublicClient), (attempt.Outcome, attempt.ClientId));
        var lockout = await app.WithDbAsync(db => db.AccountLockouts.SingleAsync(l => l.Key == email.ToUpperInvariant(), Cancel));
        Assert.Equal(1, lockout.Failures);
    }

    [Fact]
    public async Task Userinfo_answers_subject_email_and_roles_under_the_roles_scope()
    {
        var (browser, email, tokens) = await app.SignedInAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new("Bearer", tokens.GetProperty("access_token").GetString());

        using var response = await browser.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal(email, body.GetProperty("email").GetString());
        Assert.True(body.GetProperty("email_verified").GetBoolean());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("role").ValueKind);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("sub").GetString()));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5999/callback/")]
    [InlineData("http://127.0.0.1:5999/callback?next=1")]
    [InlineData("http://127.0.0.1:5999/Callback")]
    [InlineData("http://127.0.0.1:5998/callback")]
    [InlineData("https://127.0.0.1:5999/callback")]
    [InlineData("https://attacker.example/callback")]
    public async Task An_unregistered_or_near_miss_redirect_uri_is_refused_without_a_redirect(string redirectUri)
    {
        var (_, browser, _) = await SignedInBrowserAsync();
        var (_, challenge) = Pkce();

        using var response = await browser.GetAsync(AuthorizeUrl(PublicClient, redirectUri, challenge), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task An_unknown_client_is_refused_without_a_redirect()
    {
        var (_, challenge) = Pkce();

        using var response = await app.Browser().GetAsync(AuthorizeUrl("nobody", PublicRedirect, challenge), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=plain")]
    [InlineData("&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")]
    public async Task A_request_without_S256_PKCE_gets_no_code(string pkce)
    {
        var (_, browser, _) = await SignedInBrowserAsync();

        using var response = await browser.GetAsync(AuthorizeUrl(PublicClient, PublicRedirect, challenge: null) + pkce, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("error:invalid_request", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_code_verifier_is_refused()
    {
        var (email, browser, _) = await SignedInBrowserAsync();
        var (_, challenge) = Pkce();
        var code = CodeOf(await AuthorizeAsync(browser, AuthorizeUrl(PublicClient, PublicRedirect, challenge), email));

        using var response = await RedeemAsync(browser, code, Pkce().Verifier);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_replayed_code_is_refused_and_the_tokens_issued_from_it_are_revoked()
    {
        var email = await app.CreateUserAsync();
        var browser = app.Browser();
        var (verifier, challenge) = Pkce();
        var code = CodeOf(await AuthorizeAsync(browser, AuthorizeUrl(ConfidentialClient, ConfidentialRedirect, challenge, "openid email offline_access"), email));
        using var first = await RedeemAsync(browser, code, verifier, ConfidentialClient, ConfidentialRedirect, ConfidentialSecret);
        var tokens = await JsonAsync(first);

        using var replay = await RedeemAsync(browser, code, verifier, ConfidentialClient, ConfidentialRedirect, ConfidentialSecret);

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("invalid_grant", (await JsonAsync(replay)).GetProperty("error").GetString());
        using var refresh = await RefreshAsync(browser, tokens.GetProperty("refresh_token").GetString()!, ConfidentialClient, ConfidentialSecret);
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        using var introspection = await browser.PostAsync("/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens.GetProperty("access_token").GetString()!,
            ["client_id"] = ConfidentialClient,
            ["client_secret"] = ConfidentialSecret,
        }), Cancel);
        Assert.Equal(HttpStatusCode.OK, introspection.StatusCode);
        Assert.False((await JsonAsync(introspection)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_code_redeemed_by_another_client_is_refused()
    {
        var (email, browser, _) = await SignedInBrowserAsync();
        var (verifier, challenge) = Pkce();
        var code = CodeOf(await AuthorizeAsync(browser, AuthorizeUrl(PublicClient, PublicRedirect, challenge), email));

        using var response = await RedeemAsync(browser, code, verifier, ConfidentialClient, PublicRedirect, ConfidentialSecret);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_expired_code_is_refused()
    {
        var (email, browser, _) = await SignedInBrowserAsync();
        var (verifier, challenge) = Pkce();
        var code = CodeOf(await AuthorizeAsync(browser, AuthorizeUrl(PublicClient, PublicRedirect, challenge), email));

        app.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        using var response = await RedeemAsync(browser, code, verifier);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_wrong_client_secret_is_refused_and_recorded_as_an_attempt_naming_the_client()
    {
        const string address = "198.18.0.7";
        var browser = app.Browser(address);

        using var response = await TokenAsync(browser, ("grant_type", "client_credentials"), ("client_id", ConfidentialClient), ("client_secret", "not-the-secret-of-this-client-at-all"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await JsonAsync(response)).GetProperty("error").GetString());
        var attempt = await app.WithDbAsync(db => db.LoginAttempts.SingleAsync(a => a.Address == address, Cancel));
        Assert.Equal((LoginOutcome.WrongClientSecret, ConfidentialClient), (attempt.Outcome, attempt.ClientId));
    }

    [Fact]
    public async Task Client_credentials_give_a_confidential_client_a_token_for_itself_and_nothing_to_a_public_client()
    {
        var browser = app.Browser();

        using var confidential = await TokenAsync(browser, ("grant_type", "client_credentials"), ("client_id", ConfidentialClient), ("client_secret", ConfidentialSecret));
        using var @public = await TokenAsync(browser, ("grant_type", "client_credentials"), ("client_id", PublicClient));

        Assert.Equal(HttpStatusCode.OK, confidential.StatusCode);
        Assert.Equal(ConfidentialClient, new JsonWebToken((await JsonAsync(confidential)).GetProperty("access_token").GetString()).Subject);
        Assert.Equal(HttpStatusCode.BadRequest, @public.StatusCode);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("implicit")]
    public async Task The_password_and_implicit_grants_are_not_offered(string grant)
    {
        using var response = await TokenAsync(app.Browser(), ("grant_type", grant), ("client_id", PublicClient), ("username", "a@example.com"), ("password", "x"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_its_reuse_revokes_the_whole_grant_with_a_critical_event()
    {
        var (browser, email, tokens) = await app.SignedInAsync();
        var first = tokens.GetProperty("refresh_token").GetString()!;
        using var rotated = await RefreshAsync(browser, first);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var second = (await JsonAsync(rotated)).GetProperty("refresh_token").GetString()!;
        Assert.NotEqual(first, second);

        using var reuse = await RefreshAsync(browser, first);
        using var afterReuse = await RefreshAsync(browser, second);

        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, afterReuse.StatusCode); // the whole grant, not just the replayed token
        var reused = await app.WithDbAsync(db => db.SecurityEvents.SingleAsync(e => e.Type == SecurityEventType.RefreshTokenReuse && e.TargetUserName == email.ToUpperInvariant(), Cancel));
        Assert.Equal(SecurityEventSeverity.Critical, reused.Severity);
        var details = reused.DetailsAs<RefreshTokenReuseDetails>()!;
        Assert.Equal(PublicClient, details.Client);
        Assert.True(details.SessionWasOpen);
        Assert.True(await app.WithDbAsync(db => db.UserSessions.AnyAsync(s => s.Id == details.Session && s.EndedAt != null, Cancel)));
        Assert.True(await app.WithDbAsync(db => db.OutboxMails.AnyAsync(m => m.To == email && m.Kind == "RefreshTokenReuse", Cancel)));
    }

    [Fact]
    public async Task Ending_the_sign_in_ends_the_applications_refresh_token_and_its_unused_code_even_after_an_unlock()
    {
        var (browser, email, tokens) = await app.SignedInAsync();
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        var (verifier, challenge) = Pkce();
        string code;
        using (var again = await browser.GetAsync(AuthorizeUrl(PublicClient, PublicRedirect, challenge), Cancel))
        {
            code = CodeOf(LocationOf(browser, again)); // issued on the same session, not redeemed yet
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Accounts.AccountAdminService>();
            Assert.True((await accounts.LockAsync(email, "laptop stolen", null, ConsoleActor.CommandLine(), Cancel)).Succeeded);
            Assert.True((await accounts.UnlockAsync(email, "new laptop", ConsoleActor.CommandLine(), Cancel)).Succeeded);
        }

        using var refreshed = await RefreshAsync(browser, refresh);
        using var redeemed = await RedeemAsync(browser, code, verifier);

        Assert.Equal(HttpStatusCode.BadRequest, refreshed.StatusCode);
        Assert.Equal("invalid_grant", (await JsonAsync(refreshed)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, redeemed.StatusCode);
        Assert.Equal("invalid_grant", (await JsonAsync(redeemed)).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_locked_or_disabled_account_is_refused_at_authorize(bool disable)
    {
        var (email, browser, _) = await SignedInBrowserAsync();
        await RefuseAsync(email, disable);
        var (_, challenge) = Pkce();

        using var response = await browser.GetAsync(AuthorizeUrl(PublicClient, PublicRedirect, challenge), Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = LocationOf(browser, response);
        if (location.AbsoluteUri.StartsWith(PublicRedirect, StringComparison.Ordinal))
        {
            Assert.Contains("error=access_denied", location.Query, StringComparison.Ordinal);
            var attempt = await app.WithDbAsync(db => db.LoginAttempts.Where(a => a.UserName == email.ToUpperInvariant()).OrderBy(a => a.Id).LastAsync(Cancel));
            Assert.Equal((disable ? LoginOutcome.NotAllowed : LoginOutcome.LockedOut, PublicClient), (attempt.Outcome, attempt.ClientId));
        }
        else
        {
            // The refusal ended the browser's session first (security stamp): the sign-in page, which refuses it too.
            Assert.StartsWith("/Account/Login", location.AbsolutePath, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("code=", location.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_locked_or_disabled_account_is_refused_at_refresh(bool disable)
    {
        var (browser, email, tokens) = await app.SignedInAsync();
        await RefuseAsync(email, disable);

        using var response = await RefreshAsync(browser, tokens.GetProperty("refresh_token").GetString()!);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", (await JsonAsync(response)).GetProperty("error").GetString());
        var attempt = await app.WithDbAsync(db => db.LoginAttempts.Where(a => a.UserName == email.ToUpperInvariant()).OrderBy(a => a.Id).LastAsync(Cancel));
        Assert.Equal((disable ? LoginOutcome.NotAllowed : LoginOutcome.LockedOut, PublicClient), (attempt.Outcome, attempt.ClientId));
    }

    [Fact]
    public async Task Prompt_login_sends_a_signed_in_person_back_to_the_password()
    {
        var (email, browser, _) = await SignedInBrowserAsync();
        var (_, challenge) = Pkce();

        using var response = await browser.GetAsync(AuthorizeUrl(PublicClient, PublicRedirect, challenge) + "&prompt=login", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", LocationOf(browser, response).AbsolutePath, StringComparison.OrdinalIgnoreCase);
        var returnUrl = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(LocationOf(browser, response).Query)["ReturnUrl"].ToString();
        Assert.DoesNotContain("prompt", returnUrl, StringComparison.Ordinal);
        Assert.NotNull(email);
    }

    [Fact]
    public async Task Max_age_older_than_the_session_sends_the_person_back_to_the_password()
    {
        var (_, browser, _) = await SignedInBrowserAsync();
        var (_, challenge) = Pkce();
        app.Time.Advance(TimeSpan.FromMinutes(2));

        using var stale = await browser.GetAsync(AuthorizeUrl(PublicClient, PublicRedirect, challenge) + "&max_age=60", Cancel);
        using var fresh = await browser.GetAsync(AuthorizeUrl(PublicClient, PublicRedirect, challenge) + "&max_age=600", Cancel);

        Assert.StartsWith("/Account/Login", LocationOf(browser, stale).AbsolutePath, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith(PublicRedirect + "?code=", LocationOf(browser, fresh).AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_requires_a_second_factor_refuses_a_password_only_session()
    {
        var (email, browser, _) = await SignedInBrowserAsync();
        var (_, challenge) = Pkce();

        var redirect = await AuthorizeAsync(browser, AuthorizeUrl(TwoFactorClient, TwoFactorRedirect, challenge, "openid"), email);

        Assert.StartsWith(TwoFactorRedirect + "?", redirect.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("error=access_denied", redirect.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_session_with_an_id_token_hint_signs_the_person_out_and_returns_to_a_registered_address_only()
    {
        var (browser, _, tokens) = await app.SignedInAsync();
        var hint = tokens.GetProperty("id_token").GetString()!;

        using var foreign = await browser.GetAsync($"/connect/logout?id_token_hint={hint}&post_logout_redirect_uri={Uri.EscapeDataString("https://attacker.example/")}", Cancel);
        using var noHint = await browser.GetAsync($"/connect/logout?post_logout_redirect_uri={Uri.EscapeDataString(PublicPostLogout)}", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Null(foreign.Headers.Location);
        Assert.Equal(HttpStatusCode.BadRequest, noHint.StatusCode);
        var (_, challenge) = Pkce();
        using var stillSignedIn = await browser.GetAsync(AuthorizeUrl(PublicClient, PublicRedirect, challenge), Cancel);
        Assert.StartsWith(PublicRedirect + "?code=", LocationOf(browser, stillSignedIn).AbsoluteUri, StringComparison.Ordinal);

        using var logout = await browser.GetAsync($"/connect/logout?id_token_hint={hint}&post_logout_redirect_uri={Uri.EscapeDataString(PublicPostLogout)}&state=bye", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(PublicPostLogout + "?state=bye", LocationOf(browser, logout).AbsoluteUri);
        using var after = await browser.GetAsync(AuthorizeUrl(PublicClient, PublicRedirect, challenge), Cancel);
        Assert.StartsWith("/Account/Login", LocationOf(browser, after).AbsolutePath, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A new account and a browser signed in to AdminConsole (its first authorize went through the sign-in page).</summary>
    private async Task<(string Email, HttpClient Browser, string Code)> SignedInBrowserAsync()
    {
        var email = await app.CreateUserAsync();
        var browser = app.Browser();
        var (_, challenge) = Pkce();
        var code = CodeOf(await AuthorizeAsync(browser, AuthorizeUrl(PublicClient, PublicRedirect, challenge), email));
        return (email, browser, code);
    }

    private async Task RefuseAsync(string email, bool disable)
    {
        await using var scope = app.Services.CreateAsyncScope();
        if (disable)
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            user.IsDisabled = true;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }
        else
        {
            var locked = await scope.ServiceProvider.GetRequiredService<AdminConsole.Core.Accounts.AccountAdminService>()
                .LockAsync(email, "investigation", null, ConsoleActor.CommandLine(), Cancel);
            Assert.True(locked.Succeeded);
        }
    }

    private static string[] Strings(JsonElement body, string name) => [.. body.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
