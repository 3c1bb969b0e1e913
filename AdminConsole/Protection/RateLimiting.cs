using System.Globalization;
using System.Threading.RateLimiting;
using AdminConsole.Core.IpProtection;
using Microsoft.AspNetCore.RateLimiting;
using AdminConsole.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AdminConsole.Protection;

/// <summary>
/// ASP.NET Core's rate limiter, partitioned by client key; allow-listed networks are exempt. Answers a limit applies
/// to carry <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c> and <c>RateLimit-Reset</c> (seconds until the window
/// resets), read from the partition's own limiter; a 429 also carries <c>Retry-After</c>.
/// </summary>
public static class RateLimiting
{
    public const string SignIn = "signin";
    public const string Registration = "registration";
    public const string PasswordReset = "password-reset";
    public const string AdminUserCreation = "admin-user-creation";

    private static readonly Dictionary<string, Func<HttpContext, RateLimitPartition<string>>> Policies = new()
    {
        [SignIn] = http => PostsByClient(http, SignIn, o => o.SignIn),
        [Registration] = http => PostsByClient(http, Registration, o => o.Registration),
        [PasswordReset] = http => PostsByClient(http, PasswordReset, o => o.PasswordReset),
        [AdminUserCreation] = http =>
            FixedWindow(http, $"{AdminUserCreation}:{http.User.Identity?.Name ?? ClientKey(http)}", Limits(http).AdminUserCreation),
    };

    public static WebApplicationBuilder AddAdminConsoleRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(RateLimitOptions.Section);
        builder.Services.AddEditablePolicy<RateLimitOptions>(RateLimitOptions.Section);
        builder.Services.TryAddSingleton<PasswordResetThrottle>();

        // The users page runs in a circuit, beyond the HTTP limiter: the invitation service counts its own audit
        // events against the same limit, so page and API share one durable count per admin.
        builder.Services.TryAddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<IOptionsMonitor<RateLimitOptions>>();
            return new Core.Users.InvitationLimit(() => limits.CurrentValue.AdminUserCreation.PermitLimit, () => limits.CurrentValue.AdminUserCreation.Window);
        });
        builder.Services.TryAddSingleton<RateLimitWindows>();
        builder.Services.AddRateLimiter(options =>
        {
            options.OnRejected = (context, _) => new ValueTask(RejectAsync(context.HttpContext, CurrentWindow(context.HttpContext), context.Lease));
            foreach (var (name, partition) in Policies)
            {
                options.AddPolicy(name, partition);
            }

            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Global);
        });
        return builder;
    }

    /// <summary>OpenIddict's token, revocation and introspection endpoints, and the token API's.</summary>
    private static readonly string[] TokenRequestPaths =
    [
        "/connect/token", "/connect/revoke", "/connect/introspect",
        Core.OpenId.ApiTokenClient.TokenPath, Core.OpenId.ApiTokenClient.RefreshPath, Core.OpenId.ApiTokenClient.RevokePath,
    ];

    private const string TokenRequests = "token-requests";

    /// <summary>
    /// OpenIddict answers a token, revocation or introspection request it refuses (an unknown or spent token, a wrong
    /// client secret) inside the authentication middleware, before the endpoints' limits run. Those posts are counted
    /// here first, per client address, with the sign-in limit; the endpoints that requests reach keep their own.
    /// </summary>
    public static WebApplication UseTokenRequestLimits(this WebApplication app)
    {
        static RateLimitPartition<string> Partition(HttpContext http) => PostsByClient(http, TokenRequests, o => o.SignIn);
        var limiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
        app.UseWhen(
            http => HttpMethods.IsPost(http.Request.Method) && TokenRequestPaths.Any(p => http.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase)),
            branch => branch.Use(async (http, next) =>
            {
                using var lease = await limiter.AcquireAsync(http, 1, http.RequestAborted);
                if (lease.IsAcquired)
                {
                    await next(http);
                    return;
                }

                await RejectAsync(http, http.RequestServices.GetRequiredService<RateLimitWindows>().Find(Partition(http).PartitionKey), lease);
            }));
        return app;
    }

    /// <summary>A 429 with <c>Retry-After</c>, and the <c>RateLimit-*</c> headers of the window that ran out.</summary>
    private static Task RejectAsync(HttpContext http, RateLimitWindow? window, RateLimitLease lease)
    {
        if (window is not null)
        {
            WriteHeaders(http.Response, window);
        }

        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        return ProtectionResponses.TooManyRequestsAsync(http, window?.Reset ?? retryAfter);
    }

    /// <summary>The rate limiter, then the <c>RateLimit-*</c> headers on every answer a limit counted.</summary>
    public static WebApplication UseAdminConsoleRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        app.Use((http, next) =>
        {
            if (CurrentWindow(http) is { } window)
            {
                WriteHeaders(http.Response, window);
            }

            return next(http);
        });
        return app;
    }

    private static RateLimitPartition<string> Global(HttpContext http) =>
        !http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/api/account")
        || http.User.IsInRole(Core.Identity.AppRoles.SecurityAdmin) || IsAllowListed(http)
            ? RateLimitPartition.GetNoLimiter("none")
            : FixedWindow(http, "api:" + ClientKey(http), Limits(http).Api);

    /// <summary>
    /// Of the limits on this request (the global one and the endpoint's policy, as the rate limiting middleware
    /// applies them), the one closest to running out; null when none counts.
    /// </summary>
    private static RateLimitWindow? CurrentWindow(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null)
        {
            return null;
        }

        var windows = http.RequestServices.GetRequiredService<RateLimitWindows>();
        var policy = endpoint?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        var keys = policy is not null && Policies.TryGetValue(policy, out var partition)
            ? new[] { Global(http).PartitionKey, partition(http).PartitionKey }
            : [Global(http).PartitionKey];
        return keys.Select(windows.Find).OfType<RateLimitWindow>()
            .OrderBy(w => w.Remaining).ThenByDescending(w => w.Reset).FirstOrDefault();
    }

    private static void WriteHeaders(HttpResponse response, RateLimitWindow window)
    {
        response.Headers["RateLimit-Limit"] = window.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Remaining"] = window.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Reset"] = ((int)Math.Ceiling(window.Reset.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Form and API posts count; loading a page does not.</summary>
    private static RateLimitPartition<string> PostsByClient(HttpContext http, string policy, Func<RateLimitOptions, RateLimit> limit) =>
        !HttpMethods.IsPost(http.Request.Method) || IsAllowListed(http)
            ? RateLimitPartition.GetNoLimiter("none")
            : FixedWindow(http, $"{policy}:{ClientKey(http)}", limit(Limits(http)));

    /// <summary>
    /// The limit is part of the key, so a limit changed in the console applies to the next request. Each partition's
    /// limiter is ASP.NET Core's fixed window, kept in <see cref="RateLimitWindows"/> while it lives so answers can
    /// report it.
    /// </summary>
    private static RateLimitPartition<string> FixedWindow(HttpContext http, string key, RateLimit limit)
    {
        var windows = http.RequestServices.GetRequiredService<RateLimitWindows>();
        return RateLimitPartition.Get($"{key}|{limit}", partitionKey => windows.Create(partitionKey, limit));
    }

    private static RateLimitOptions Limits(HttpContext http) => http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;

    private static string ClientKey(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } ip ? ClientAddress.Key(ip) : "unknown";

    private static bool IsAllowListed(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } ip && http.RequestServices.GetRequiredService<AddressRuleCache>().IsAllowListed(ip);
}

/// <summary>
/// Password-reset requests per account (3 an hour by default). Over the limit the request is answered exactly as
/// usual but no mail is sent, so the limit reveals nothing about the account. Counted like the request limits: in
/// Redis when configured (shared by every instance), else in this process.
/// </summary>
public sealed class PasswordResetThrottle(IOptionsMonitor<RateLimitOptions> options, RateLimitWindows windows) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(account =>
    {
        var limit = options.CurrentValue.PasswordReset;
        return RateLimitPartition.Get($"account-mail:{account}|{limit}", key => windows.Create(key, limit));
    });

    public async Task<bool> TryAcquireAsync(string normalizedAccount, CancellationToken cancellationToken = default)
    {
        using var lease = await limiter.AcquireAsync(normalizedAccount, cancellationToken: cancellationToken);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
