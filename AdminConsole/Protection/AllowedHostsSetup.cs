using AdminConsole.Core.Links;
using Microsoft.AspNetCore.HostFiltering;

namespace AdminConsole.Protection;

/// <summary>
/// Outside Development the app answers only the host of <c>App:PublicBaseUrl</c> and the hosts listed in
/// <c>AllowedHosts</c> (separated by ';', e.g. an internal name that health probes use); any other <c>Host</c>
/// header gets 400 before a page or endpoint runs, so a forged host never reaches an absolute redirect (the
/// sign-in redirect, a form post's redirect). <c>*</c> stops the start. Development answers every host.
/// </summary>
internal static class AllowedHostsSetup
{
    public const string Key = "AllowedHosts";

    public static WebApplicationBuilder AddAllowedHosts(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            return builder;
        }

        // Read from configuration, not PublicLinks: a missing or invalid base URL is reported by its own validator.
        var configuration = builder.Configuration;
        builder.Services.AddOptions<HostFilteringOptions>()
            .Configure(options =>
            {
                var listed = (configuration[Key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                options.AllowedHosts = PublicLinks.TryParseBase(configuration[PublicUrlOptions.Key], out var root) ? [root.Host, .. listed] : [.. listed];
            })
            .Validate(
                options => !options.AllowedHosts.Contains("*"),
                $"{Key} may not be '*' outside Development: any Host header would then reach absolute redirects. "
                + $"Leave it unset to answer only {PublicUrlOptions.Key}'s host, or list further hosts separated by ';'.")
            .ValidateOnStart();
        return builder;
    }
}
