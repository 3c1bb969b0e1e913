using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AdminConsole.Api;

public sealed record WebhookRequest(string? Url, string[]? Events, string? Reason);

/// <summary>
/// Webhook endpoints for scripts: the console's <see cref="WebhookService"/>, console roles to read, SecurityAdmin
/// (checked by the service) to change; problem+json errors naming the field.
/// </summary>
public static class WebhookApi
{
    public static IEndpointRouteBuilder MapWebhookApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin/webhooks").RequireAuthorization(WebApplicationExtensions.ConsolePolicy).WithTags("Webhooks")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", (HttpContext http, WebhookService webhooks, CancellationToken ct) => webhooks.ListAsync(Actor(http), ct));
        api.MapPost("/", AddAsync).DisableAntiforgery();
        api.MapPost("/{id:long}/disable", (long id, [FromBody] ReasonRequest? body, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
            SetEnabledAsync(id, false, body, http, webhooks, ct)).DisableAntiforgery();
        api.MapPost("/{id:long}/enable", (long id, [FromBody] ReasonRequest? body, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
            SetEnabledAsync(id, true, body, http, webhooks, ct)).DisableAntiforgery();
        api.MapDelete("/{id:long}", DeleteAsync);
        api.MapGet("/{id:long}/deliveries", DeliveriesAsync);
        api.MapPost("/deliveries/{id:long}/retry", RetryAsync).DisableAntiforgery();
        return app;
    }

    private static ConsoleActor Actor(HttpContext http) => ConsoleActor.From(http.User, ClientInfo.From(http).Address);

    private static async Task<Results<Created<CreatedWebhook>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> AddAsync(
        [FromBody] WebhookRequest? body, HttpContext http, WebhookService webhooks, CancellationToken ct)
    {
        var events = WebhookEvents.None;
        foreach (var name in body?.Events ?? [])
        {
            if (!Enum.TryParse<WebhookEvents>(name, ignoreCase: false, out var one) || one is WebhookEvents.None or WebhookEvents.All || !Enum.IsDefined(one))
            {
                var known = string.Join(", ", Enum.GetNames<WebhookEvents>().Where(n => n is not (nameof(WebhookEvents.None) or nameof(WebhookEvents.All))));
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["events"] = [$"Unknown event '{name}': use {known}."] });
            }

            events |= one;
        }

        var result = await webhooks.AddAsync(new NewWebhook(body?.Url, events, body?.Reason), Actor(http), ct);
        return AdminAnswers.From(result, () => TypedResults.Created($"/api/admin/webhooks/{result.Value!.Endpoint.Id}", result.Value));
    }

    private static async Task<Results<Ok<WebhookEndpointView>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> SetEnabledAsync(
        long id, bool enabled, ReasonRequest? body, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
        Answer(await webhooks.SetEnabledAsync(id, enabled, body?.Reason, Actor(http), ct));

    private static async Task<Results<Ok<WebhookEndpointView>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        long id, string? reason, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
        Answer(await webhooks.DeleteAsync(id, reason, Actor(http), ct));

    private static async Task<Results<Ok<Page<WebhookDeliveryView>>, NotFoundProblem, BadRequestProblem>> DeliveriesAsync(
        long id, int? page, WebhookService webhooks, CancellationToken ct)
    {
        if (page is < 0)
        {
            return AdminAnswers.BadPage();
        }

        return await webhooks.DeliveriesAsync(id, page ?? 0, ct) is { } deliveries
            ? TypedResults.Ok(deliveries)
            : AdminAnswers.NotFound(WebhookService.NoSuchEndpoint);
    }

    private static async Task<Results<Ok<AdminMessage>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult>> RetryAsync(
        long id, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
        AdminAnswers.Message(await webhooks.RetryAsync(id, Actor(http), ct));

    private static Results<Ok<WebhookEndpointView>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult> Answer(AdminResult<WebhookEndpointView> result) =>
        AdminAnswers.From(result, () => TypedResults.Ok(result.Value));
}
