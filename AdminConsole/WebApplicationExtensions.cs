using AdminConsole.Api;
using AdminConsole.Components;
using AdminConsole.Components.Account;
using AdminConsole.Core.IpProtection;
using AdminConsole.OpenId;
using AdminConsole.Protection;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Configuration.Json;
using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdminConsole;

/// <summary>How the web app is composed; Program.cs only lists these calls.</summary>
public static class WebApplicationExtensions
{
    /// <summary>Console pages require one of the console roles.</summary>
    public const string ConsolePolicy = "Console";

    /// <summary>
    /// In Development, the root <c>appsettings.Development.json</c> (copied next to the app) is loaded right after
    /// <c>appsettings.json</c>, so environment variables and the command line still override it.
    /// </summary>
    public static WebApplicationBuilder AddDevelopmentSettings(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            return builder;
        }

        var sources = builder.Configuration.Sources;
        var file = new JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json"),
            Optional = true,
        };
        file.ResolveFileProvider();
        var after = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource { Path: "appsettings.json" }).i;
        sources.Insert(after + 1, file);
        return builder;
    }

    public static WebApplicationBuilder AddAdminConsoleWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.TryAddScoped<IdentityRedirectManager>();
        services.TryAddScoped<Components.Admin.Shared.ConsoleScope>();
        // Replaces the plain provider AddRazorComponents registered: an open console checks its user again.
        services.Replace(ServiceDescriptor.Scoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>());
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // An endpoint may name its own title for bad input (the sign-in API does); .NET's validation writes the 400.
            if (context.ProblemDetails is HttpValidationProblemDetails validation
                && context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<ApiBadRequestTitle>() is { } title)
            {
                validation.Title = title.Title;
                validation.Errors = validation.Errors.ToDictionary(e => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value);
            }
        });
        services.AddValidation();

        // Bodies that cannot be bound throw, so ApiBadRequests can answer them with problem+json naming the field.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());

            // {"email":"a@x","email":"bob@x"}: a proxy or firewall reading the first key would see another account
            // than the one the last key signs in. Every JSON body with a repeated key is refused (ApiBadRequests).
            o.SerializerOptions.AllowDuplicateProperties = false;
        });

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        builder.AddSessionCookies();
        builder.AddTokenAuthentication();
        builder.AddOpenIdServerHost();
        services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true); // SecurityHeaders sends DENY
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.AccessDeniedPath = "/Account/AccessDenied";

            // API callers get status codes, not redirects to a sign-in page.
            options.Events.OnRedirectToLogin = context => ApiOrRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => ApiOrRedirect(context, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(ConsolePolicy, policy => policy
                .RequireRole(AppRoles.SecurityAdmin, AppRoles.SecurityViewer)
                .AddRequirements(new ConsoleSecondFactorRequirement()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ConsoleSecondFactorHandler>());

        // Passkeys belong to App:PublicBaseUrl's host and origin, never to whatever Host header a request carries.
        services.AddOptions<IdentityPasskeyOptions>().Configure<Core.Links.PublicLinks>((options, links) =>
        {
            options.ServerDomain = links.Base.Host;
            options.ValidateOrigin = context => ValueTask.FromResult(
                !context.CrossOrigin && string.Equals(context.Origin, links.Origin, StringComparison.OrdinalIgnoreCase));
        });

        services.AddTrustedForwardedHeaders();
        builder.AddAllowedHosts();
        services.AddAdminConsoleHealth(builder.Configuration);
        builder.AddAdminConsoleTelemetry();
        builder.AddAdminConsoleRateLimits();
        return builder;
    }

    public static WebApplication UseAdminConsolePipeline(this WebApplication app)
    {
        app.UseTrustedForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseAdminConsoleMetrics();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }

        // Pages get the not-found page; the API keeps its own status codes and problem+json bodies.
        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments("/api"),
            branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseRouting();
        app.UseMiddleware<ApiBadRequests>();
        app.UseMiddleware<AddressGuardMiddleware>();
        app.UseFreshSessionOnSignIn();
        app.UseTokenRequestLimits();
        app.UseAuthentication();
        app.UseApiForgeryGuard();
        app.UsePasswordChangeGate();
        app.UseAdminConsoleRateLimits();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        app.MapAccountApi();
        app.MapSessionApi();
        app.MapTokenApi();
        app.MapOpenIdEndpoints();
        app.MapAdminConsoleHealth();
        app.MapAdminApi();
        app.MapWebhookApi();
        app.MapApplicationApi();
        app.MapPolicyApi();
        app.MapNotificationApi();
        app.MapAttemptExport();
        app.MapReportExport();
        app.MapOpenApi().RequireAuthorization(ConsolePolicy);
        return app;
    }

    private static Task ApiOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        var secondFactor = status == StatusCodes.Status403Forbidden && ConsoleSecondFactorHandler.LacksSecondFactor(context.HttpContext);
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            var token = status == StatusCodes.Status401Unauthorized ? Api.TokenAuthentication.RefusalOf(context.HttpContext) : null;
            var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = status,
                Title = token?.Title ?? (status == StatusCodes.Status401Unauthorized ? "Sign in first."
                    : secondFactor ? "Console data needs a second factor: sign in with an authenticator code or a passkey."
                    : "Your role does not allow this."),
            };
            if (token is not null)
            {
                problem.Extensions["code"] = token.Code;
            }

            return context.Response.WriteAsJsonAsync(
                problem,
                (System.Text.Json.JsonSerializerOptions?)null,
                "application/problem+json");
        }

        context.Response.Redirect(secondFactor ? ConsoleSecondFactorHandler.SetUpPath : context.RedirectUri);
        return Task.CompletedTask;
    }
}
