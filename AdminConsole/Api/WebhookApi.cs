using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Webhooks;
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
        var api = app.MapGroup("/api/admin/webhooks").RequireAuthorization(WebApplicationExtensions.ConsolePolicy).WithTags("Webhooks");
        api.MapGet("/", (WebhookService webhooks, CancellationToken ct) => webhooks.ListAsync(ct));
        api.MapPost("/", AddAsync).DisableAntiforgery();
        api.MapPost("/{id:long}/disable", (long id, [FromBody] ReasonRequest? body, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
            SetEnabledAsync(id, false, body, http, webhooks, ct)).DisableAntiforgery();
        api.MapPost("/{id:long}/enable", (long id, [FromBody] ReasonRequest? body, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
            SetEnabledAsync(id, true, body, http, webhooks, ct)).DisableAntiforgery();
        api.MapDelete("/{id:long}", async (long id, string? reason, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
            ToHttp(await webhooks.DeleteAsync(id, reason, Actor(http), ct), created: false));
        api.MapGet("/{id:long}/deliveries", DeliveriesAsync);
        api.MapPost("/deliveries/{id:long}/retry", RetryAsync).DisableAntiforgery();
        return app;
    }

    private static ConsoleActor Actor(HttpContext http) => ConsoleActor.From(http.User, ClientInfo.From(http).Address);

    private static async Task<IResult> AddAsync([FromBody] WebhookRequest? body, HttpContext http, WebhookService webhooks, CancellationToken ct)
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

        return ToHttp(await webhooks.AddAsync(new NewWebhook(body?.Url, events, body?.Reason), Actor(http), ct), created: true);
    }

    private static async Task<IResult> SetEnabledAsync(long id, bool enabled, ReasonRequest? body, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
        ToHttp(await webhooks.SetEnabledAsync(id, enabled, body?.Reason, Actor(http), ct), created: false);

    private static async Task<IResult> DeliveriesAsync(long id, int? page, WebhookService webhooks, CancellationToken ct)
    {
        if (page is < 0)
        {
            return TypedResults.Problem(title: "page must be 0 or more.", statusCode: StatusCodes.Status400BadRequest);
        }

        return await webhooks.DeliveriesAsync(id, page ?? 0, ct) is { } deliveries
            ? TypedResults.Ok(deliveries)
            : TypedResults.Problem(title: WebhookResult.Missing.Errors["Id"], statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> RetryAsync(long id, HttpContext http, WebhookService webhooks, CancellationToken ct)
    {
        var result = await webhooks.RetryAsync(id, Actor(http), ct);
        return result.Outcome switch
        {
            AdminOutcome.Done => TypedResults.Ok(new { message = result.Message }),
            AdminOutcome.Forbidden => TypedResults.Problem(title: result.Message, statusCode: StatusCodes.Status403Forbidden),
            AdminOutcome.NotFound => TypedResults.Problem(title: result.Message, statusCode: StatusCodes.Status404NotFound),
            _ => TypedResults.Problem(title: result.Message, statusCode: StatusCodes.Status409Conflict),
        };
    }

    private static IResult ToHttp(WebhookResult result, bool created) => result switch
    {
        { Forbidden: true } => TypedResults.Problem(title: AdminResult.Forbidden.Message, statusCode: StatusCodes.Status403Forbidden),
        { NotFound: true } => TypedResults.Problem(title: result.Errors["Id"], statusCode: StatusCodes.Status404NotFound),
        { Endpoint: { } endpoint } when created => TypedResults.Created($"/api/admin/webhooks/{endpoint.Id}", new { endpoint, secret = result.Secret }),
        { Endpoint: { } endpoint } => TypedResults.Ok(endpoint),
        _ when result.Errors.TryGetValue("Id", out var conflict) => TypedResults.Problem(title: conflict, statusCode: StatusCodes.Status409Conflict),
        _ => TypedResults.ValidationProblem(result.Errors.ToDictionary(e => char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value })),
    };
}
