using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace AdminConsole.Api;

/// <summary>
/// A problem+json answer with a fixed status that also tells OpenAPI about itself, so a <c>Results&lt;...&gt;</c>
/// union lists the status. (<c>NotFound&lt;ProblemDetails&gt;</c> would list it too, but answers application/json.)
/// </summary>
public abstract class StatusProblem(int status, string title) : IResult, IStatusCodeHttpResult, IValueHttpResult<ProblemDetails>, IValueHttpResult
{
    public ProblemDetails Value { get; } = new() { Status = status, Title = title };

    public int? StatusCode => status;

    object? IValueHttpResult.Value => Value;

    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(Value).ExecuteAsync(httpContext);

    protected static void Describe(int status, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
}

/// <summary>404 problem+json.</summary>
public sealed class NotFoundProblem(string title) : StatusProblem(StatusCodes.Status404NotFound, title), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(StatusCodes.Status404NotFound, builder);
}

/// <summary>409 problem+json.</summary>
public sealed class ConflictProblem(string title) : StatusProblem(StatusCodes.Status409Conflict, title), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(StatusCodes.Status409Conflict, builder);
}

/// <summary>400 problem+json without field errors (a bad query value).</summary>
public sealed class BadRequestProblem(string title) : StatusProblem(StatusCodes.Status400BadRequest, title), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(StatusCodes.Status400BadRequest, builder);
}
