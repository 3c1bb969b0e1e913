using System.Text;

namespace AdminConsole.Tests.Integration;

/// <summary>Request limits per client key answer 429 with Retry-After at the configured counts.</summary>
public sealed class RateLimitTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static StringContent NotJson() => new("{", Encoding.UTF8, "application/json");

    private static async Task<List<HttpResponseMessage>> PostManyAsync(HttpClient client, string path, int times, Func<HttpContent> content)
    {
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < times; i++)
        {
            responses.Add(await client.PostAsync(path, content(), TestContext.Current.CancellationToken));
        }

        return responses;
    }

    [Fact]
    public async Task The_sign_in_api_allows_30_posts_a_minute_then_answers_429()
    {
        var responses = await PostManyAsync(app.Client(), "/api/account/login", 31, NotJson);

        Assert.All(responses.Take(30), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        var limited = responses[30];
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many requests", (await limited.ProblemAsync()).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/connect/token")]
    [InlineData("/connect/revoke")]
    [InlineData("/connect/introspect")]
    [InlineData("/api/account/token/refresh")]
    [InlineData("/api/account/token/revoke")]
    public async Task Token_requests_that_are_refused_before_any_endpoint_still_count_30_a_minute(string path)
    {
        // Requests OpenIddict itself refuses (an unknown client, a made-up token): without a limit in front of it,
        // each would cost a lookup and an attempt record, as fast as an attacker can send them.
        static HttpContent Bogus() => new FormUrlEncodedContent(
            [new("grant_type", "refresh_token"), new("client_id", "nobody"), new("client_secret", "guess"), new("refresh_token", "made-up"), new("token", "made-up")]);
        var responses = await PostManyAsync(app.Client(), path, 31, Bogus);

        Assert.All(responses.Take(30), r => Assert.NotEqual(HttpStatusCode.TooManyRequests, r.StatusCode));
        var limited = responses[30];
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Registration_allows_5_posts_then_shows_a_429_page()
    {
        var responses = await PostManyAsync(app.Client(), "/Account/Register", 6, () => new FormUrlEncodedContent([]));

        Assert.All(responses.Take(5), r => Assert.NotEqual(HttpStatusCode.TooManyRequests, r.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, responses[5].StatusCode);
        Assert.Equal("text/html", responses[5].Content.Headers.ContentType?.MediaType);
        Assert.NotNull(responses[5].Headers.RetryAfter);
    }

    [Fact]
    public async Task Password_reset_requests_allow_3_posts_per_address()
    {
        var responses = await PostManyAsync(app.Client(), "/Account/ForgotPassword", 4, () => new FormUrlEncodedContent([]));

        Assert.All(responses.Take(3), r => Assert.NotEqual(HttpStatusCode.TooManyRequests, r.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, responses[3].StatusCode);
    }

    [Fact]
    public async Task Setting_a_new_password_from_a_reset_link_allows_30_posts_a_minute_like_sign_in()
    {
        var responses = await PostManyAsync(app.Client(), "/Account/ResetPassword?code=abc", 31, () => new FormUrlEncodedContent([]));

        Assert.All(responses.Take(30), r => Assert.NotEqual(HttpStatusCode.TooManyRequests, r.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, responses[30].StatusCode);
    }

    [Fact]
    public async Task Loading_the_sign_in_page_is_not_limited()
    {
        var client = app.Client();
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login", TestContext.Current.CancellationToken)).StatusCode);
        }
    }

    [Fact]
    public async Task An_allow_listed_address_is_exempt_from_request_limits()
    {
        var responses = await PostManyAsync(app.AllowListedClient(), "/api/account/login", 40, NotJson);

        Assert.DoesNotContain(responses, r => r.StatusCode == HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Other_api_endpoints_allow_100_requests_per_15_minutes()
    {
        var client = app.Client();
        for (var i = 0; i < 100; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/anything", TestContext.Current.CancellationToken)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/anything", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_security_admin_is_exempt_from_the_general_api_limit()
    {
        var client = app.Client();
        var admin = await app.CreateUserAsync(role: AppRoles.SecurityAdmin);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(admin, TestPasswords.Good)).StatusCode);

        for (var i = 0; i < 110; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/anything", TestContext.Current.CancellationToken)).StatusCode);
        }
    }

    private static int Header(HttpResponseMessage response, string name) =>
        int.Parse(Assert.Single(response.Headers.GetValues(name)), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Sign_in_answers_carry_the_limit_what_is_left_and_the_seconds_until_the_window_resets()
    {
        var responses = await PostManyAsync(app.Client(), "/api/account/login", 2, NotJson);

        Assert.All(responses, r => Assert.Equal(30, Header(r, "RateLimit-Limit")));
        Assert.Equal(29, Header(responses[0], "RateLimit-Remaining"));
        Assert.Equal(28, Header(responses[1], "RateLimit-Remaining"));
        Assert.All(responses, r => Assert.InRange(Header(r, "RateLimit-Reset"), 1, 60));
    }

    [Fact]
    public async Task A_429_keeps_Retry_After_and_says_nothing_is_left_until_the_reset()
    {
        var responses = await PostManyAsync(app.Client(), "/api/account/login", 31, NotJson);

        var limited = responses[30];
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(0, Header(limited, "RateLimit-Remaining"));
        Assert.Equal(30, Header(limited, "RateLimit-Limit"));
        var reset = Header(limited, "RateLimit-Reset");
        Assert.InRange(reset, 1, 60);
        Assert.Equal(reset, (int)limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
        Assert.Equal(1, Header(responses[28], "RateLimit-Remaining"));
    }

    [Fact]
    public async Task Registration_form_posts_carry_the_registration_limit()
    {
        var response = await app.Client().PostAsync("/Account/Register", new FormUrlEncodedContent([]), TestContext.Current.CancellationToken);

        Assert.Equal(5, Header(response, "RateLimit-Limit"));
        Assert.Equal(4, Header(response, "RateLimit-Remaining"));
        Assert.InRange(Header(response, "RateLimit-Reset"), 1, 15 * 60);
    }

    [Fact]
    public async Task Other_api_answers_carry_the_general_api_limit()
    {
        var client = app.Client();

        var first = await client.GetAsync("/api/anything", TestContext.Current.CancellationToken);
        var second = await client.GetAsync("/api/anything", TestContext.Current.CancellationToken);

        Assert.Equal(100, Header(first, "RateLimit-Limit"));
        Assert.Equal(99, Header(first, "RateLimit-Remaining"));
        Assert.Equal(98, Header(second, "RateLimit-Remaining"));
        Assert.InRange(Header(second, "RateLimit-Reset"), 1, 15 * 60);
    }

    [Fact]
    public async Task Answers_no_limit_counted_carry_no_rate_limit_headers()
    {
        var page = await app.Client().GetAsync("/Account/Login", TestContext.Current.CancellationToken);
        var allowListed = await app.AllowListedClient().PostAsync("/api/account/login", NotJson(), TestContext.Current.CancellationToken);

        Assert.False(page.Headers.Contains("RateLimit-Limit"));
        Assert.False(allowListed.Headers.Contains("RateLimit-Remaining"));
    }
}
