using System.Threading.RateLimiting;
using AdminConsole.Core.IpProtection;
using Microsoft.AspNetCore.RateLimiting;
using AdminConsole.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AdminConsole.Protection;

/// <summary>ASP.NET Core's rate limiter, partitioned by client key; allow-listed networks are exempt.</summary>
public static class RateLimiting
{
    public const string SignIn = "signin";
    public const string Registration = "registration";
    public const string PasswordReset = "password-reset";
    public const string AdminUserCreation = "admin-user-creation";

    public static WebApplicationBuilder AddAdminConsoleRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>());
        builder.Services.AddEditablePolicy<RateLimitOptions>(RateLimitOptions.Section);
        builder.Services.AddSingleton<PasswordResetThrottle>();
        builder.Services.AddRateLimiter(options =>
        {
            options.OnRejected = (context, _) =>
            {
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
                return new ValueTask(ProtectionResponses.TooManyRequestsAsync(context.HttpContext, retryAfter));
            };
            options.AddPolicy(SignIn, http => PostsByClient(http, SignIn, o => o.SignIn));
            options.AddPolicy(Registration, http => PostsByClient(http, Registration, o => o.Registration));
            options.AddPolicy(PasswordReset, http => PostsByClient(http, PasswordReset, o => o.PasswordReset));
            options.AddPolicy(AdminUserCreation, http =>
                FixedWindow($"{AdminUserCreation}:{http.User.Identity?.Name ?? ClientKey(http)}", Limits(http).AdminUserCreation));
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                !http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/api/account")
                || http.User.IsInRole(Core.Identity.AppRoles.SecurityAdmin) || IsAllowListed(http)
                    ? RateLimitPartition.GetNoLimiter("none")
                    : FixedWindow("api:" + ClientKey(http), Limits(http).Api));
        });
        return builder;
    }

    /// <summary>Form and API posts count; loading a page does not.</summary>
    private static RateLimitPartition<string> PostsByClient(HttpContext http, string policy, Func<RateLimitOptions, RateLimit> limit) =>
        !HttpMethods.IsPost(http.Request.Method) || IsAllowListed(http)
            ? RateLimitPartition.GetNoLimiter("none")
            : FixedWindow($"{policy}:{ClientKey(http)}", limit(Limits(http)));

    /// <summary>The limit is part of the key, so a limit changed in the console applies to the next request.</summary>
    private static RateLimitPartition<string> FixedWindow(string key, RateLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter($"{key}|{limit}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
        });

    private static RateLimitOptions Limits(HttpContext http) => http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;

    private static string ClientKey(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } ip ? ClientAddress.Key(ip) : "unknown";

    private static bool IsAllowListed(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } ip && http.RequestServices.GetRequiredService<AddressRuleCache>().IsAllowListed(ip);
}

/// <summary>
/// Password-reset requests per account (3 an hour by default). Over the limit the request is answered exactly as
/// usual but no mail is sent, so the limit reveals nothing about the account.
/// </summary>
public sealed class PasswordResetThrottle(IOptionsMonitor<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(account =>
    {
        var limit = options.CurrentValue.PasswordReset;
        return RateLimitPartition.GetFixedWindowLimiter($"{account}|{limit}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
        });
    });

    public bool TryAcquire(string normalizedAccount)
    {
        using var lease = limiter.AttemptAcquire(normalizedAccount);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
