using AdminConsole.Core.Audit;
using AdminConsole.Core.OpenId;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AdminConsole.Api;

/// <summary>An application to register or change: the console's form as JSON.</summary>
public sealed record ApplicationRequest(
    string? ClientId,
    string? DisplayName,
    string? Type,
    string[]? RedirectUris,
    string[]? PostLogoutRedirectUris,
    string? BackChannelLogoutUri,
    string[]? Scopes,
    bool? RequireTwoFactor,
    string? Reason)
{
    public ApplicationDraft Draft() =>
        new(ClientId, DisplayName, Type, RedirectUris, PostLogoutRedirectUris, BackChannelLogoutUri, Scopes, RequireTwoFactor ?? false, Reason);
}

/// <summary>
/// The applications that sign users in here, for scripts: the console's <see cref="ApplicationService"/>, console
/// roles to read, SecurityAdmin (checked by the service) to change; problem+json errors naming the field.
/// </summary>
public static class ApplicationApi
{
    public static IEndpointRouteBuilder MapApplicationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin/applications").RequireAuthorization(WebApplicationExtensions.ConsolePolicy).WithTags("Applications")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", (ApplicationService applications, CancellationToken ct) => applications.ListAsync(ct));
        api.MapGet("/{clientId}", GetAsync);
        api.MapPost("/", AddAsync).DisableAntiforgery();
        api.MapPut("/{clientId}", UpdateAsync).DisableAntiforgery();
        api.MapPost("/{clientId}/secret", RotateSecretAsync).DisableAntiforgery();
        api.MapPost("/{clientId}/disable", (string clientId, [FromBody] ReasonRequest? body, HttpContext http, ApplicationService applications, CancellationToken ct) =>
            SetEnabledAsync(clientId, false, body, http, applications, ct)).DisableAntiforgery();
        api.MapPost("/{clientId}/enable", (string clientId, [FromBody] ReasonRequest? body, HttpContext http, ApplicationService applications, CancellationToken ct) =>
            SetEnabledAsync(clientId, true, body, http, applications, ct)).DisableAntiforgery();
        api.MapDelete("/{clientId}", DeleteAsync);
        return app;
    }

    private static async Task<Results<Ok<ApplicationView>, NotFoundProblem>> GetAsync(string clientId, ApplicationService applications, CancellationToken ct) =>
        await applications.GetAsync(clientId, ct) is { } view ? TypedResults.Ok(view) : AdminAnswers.NotFound(ApplicationService.NoSuchApplication);

    /// <summary>Registers an application; a confidential one's secret is in this answer and nowhere else.</summary>
    private static async Task<Results<Created<CreatedApplication>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> AddAsync(
        [FromBody] ApplicationRequest? body, HttpContext http, ApplicationService applications, CancellationToken ct)
    {
        var result = await applications.AddAsync((body ?? new ApplicationRequest(null, null, null, null, null, null, null, null, null)).Draft(), AdminApi.Actor(http), ct);
        return AdminAnswers.From(result, () => TypedResults.Created($"/api/admin/applications/{Uri.EscapeDataString(result.Value!.Application.ClientId)}", result.Value));
    }

    /// <summary>Changes a console-registered application (its id and type stay; leave them out or repeat them).</summary>
    private static async Task<Results<Ok<ApplicationView>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string clientId, [FromBody] ApplicationRequest? body, HttpContext http, ApplicationService applications, CancellationToken ct)
    {
        var result = await applications.UpdateAsync(clientId, (body ?? new ApplicationRequest(null, null, null, null, null, null, null, null, null)).Draft(), AdminApi.Actor(http), ct);
        return AdminAnswers.From(result, () => TypedResults.Ok(result.Value));
    }

    /// <summary>Replaces a confidential application's secret; the new one is in this answer and nowhere else.</summary>
    private static async Task<Results<Ok<CreatedApplication>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> RotateSecretAsync(
        string clientId, [FromBody] ReasonRequest? body, HttpContext http, ApplicationService applications, CancellationToken ct)
    {
        var result = await applications.RotateSecretAsync(clientId, body?.Reason, AdminApi.Actor(http), ct);
        return AdminAnswers.From(result, () => TypedResults.Ok(result.Value));
    }

    private static async Task<Results<Ok<ApplicationView>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> SetEnabledAsync(
        string clientId, bool enabled, ReasonRequest? body, HttpContext http, ApplicationService applications, CancellationToken ct)
    {
        var result = await applications.SetEnabledAsync(clientId, enabled, body?.Reason, AdminApi.Actor(http), ct);
        return AdminAnswers.From(result, () => TypedResults.Ok(result.Value));
    }

    private static async Task<Results<Ok<ApplicationView>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string clientId, string? reason, HttpContext http, ApplicationService applications, CancellationToken ct)
    {
        var result = await applications.DeleteAsync(clientId, reason, AdminApi.Actor(http), ct);
        return AdminAnswers.From(result, () => TypedResults.Ok(result.Value));
    }
}
