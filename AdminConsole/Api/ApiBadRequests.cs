using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace AdminConsole.Api;

/// <summary>
/// Minimal APIs throw <see cref="BadHttpRequestException"/> when a body cannot be bound (<c>ThrowOnBadRequest</c>):
/// not JSON, the wrong JSON type for a field, no body, another content type, or larger than the endpoint's
/// <c>RequestSizeLimit</c>, or a form without its antiforgery token. This answers each: the API with a 400
/// problem+json naming the field (or <c>body</c>), anything else with the status the framework would have sent and a
/// short page. Nothing runs past a bad body.
/// </summary>
public sealed class ApiBadRequests(RequestDelegate next)
{
    public const string Title = "The request is not valid.";

    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
        if (context.Request.ContentLength > limit)
        {
            // Kestrel enforces the endpoint's limit while reading; a declared length over it is refused on any server.
            await WriteAsync(context, new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge), limit);
            return;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // Nothing is written yet; the headers earlier middleware set (security headers, rate limits) stay. A page
            // gets its answer with a body: a body-less one would be re-executed as the not-found page with the same
            // method, whose antiforgery check would read the form again and throw (a sign-out without its token).
            if (!context.Request.Path.StartsWithSegments("/api"))
            {
                await Protection.ProtectionResponses.NotAcceptedAsync(context, e.StatusCode);
                return;
            }

            await WriteAsync(context, e, limit);
            return;
        }

        // Routing answers a body of another content type 415 (the endpoint is not even selected), and a body that
        // outgrows the limit while being read is answered 413 without an exception; the sign-in API has always
        // answered both as a 400 naming the body.
        if (context.Response is { StatusCode: StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType, HasStarted: false }
            && AccountApi.SignInPaths.Contains(context.Request.Path.Value ?? "", StringComparer.OrdinalIgnoreCase))
        {
            await WriteAsync(context, new BadHttpRequestException("Unreadable body.", context.Response.StatusCode), limit, AccountApi.InvalidTitle);
        }
        else if (context.Response is { StatusCode: StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType, HasStarted: false }
            && string.Equals(context.Request.Path.Value, AccountApi.UnlockLinkPath, StringComparison.OrdinalIgnoreCase))
        {
            await WriteAsync(context, new BadHttpRequestException("Unreadable body.", context.Response.StatusCode), limit, AccountApi.UnlockLinkInvalidTitle);
        }
    }

    private static Task WriteAsync(HttpContext context, BadHttpRequestException e, long? limit, string? title = null)
    {
        var (field, error) = Describe(e, limit);
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [error] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = title ?? context.GetEndpoint()?.Metadata.GetMetadata<ApiBadRequestTitle>()?.Title ?? Title,
        };
        return TypedResults.Json(problem, JsonSerializerOptions.Web, "application/problem+json", problem.Status).ExecuteAsync(context);
    }

    /// <summary>Which field is to blame (<c>body</c> when none is) and what is wrong, in words for the caller.</summary>
    public static (string Field, string Error) Describe(BadHttpRequestException e, long? limit) => e switch
    {
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => ("body", limit is { } bytes ? $"The body is larger than {bytes} bytes." : "The body is too large."),
        { StatusCode: StatusCodes.Status415UnsupportedMediaType } => ("body", "Send a JSON object (Content-Type: application/json)."),
        { InnerException: JsonException duplicate } when duplicate.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) =>
            ("body", "The body names a field more than once: send each field once."),
        { InnerException: JsonException { Path: ['$', '.', .. var name] } json } when !name.Contains('.') && !name.Contains('[') =>
            (name, json.InnerException is InvalidOperationException { Message: var m } && m.Contains("UTF-16", StringComparison.Ordinal)
                ? $"{name} is not valid text (it holds an unpaired UTF-16 surrogate)."
                : $"{name} must be a string."),
        { InnerException: JsonException { Path: "$" } } when e.InnerException.Message.Contains("could not be converted", StringComparison.Ordinal) =>
            ("body", "The body must be a JSON object."),
        { InnerException: JsonException } => ("body", "The body is not valid JSON."),
        _ => ("body", "Send a JSON object in the body."),
    };
}

/// <summary>Endpoint metadata: the title of the 400 answered when this endpoint's body cannot be bound.</summary>
public sealed record ApiBadRequestTitle(string Title);
