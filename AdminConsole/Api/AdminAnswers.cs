using AdminConsole.Core.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AdminConsole.Api;

/// <summary>A sentence for the person who asked, as the body of a successful admin action.</summary>
public sealed record AdminMessage(string Message);

/// <summary>
/// The one place an admin action's <see cref="AdminResult"/> becomes HTTP: done is the endpoint's own answer;
/// not found 404, no change 409, invalid 400 (a validation problem naming the fields when fields are to blame),
/// forbidden 403, rate limited 429; every failure as problem+json titled with the result's sentence.
/// </summary>
public static class AdminAnswers
{
    public static Results<TOk, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult> From<TOk>(AdminResult result, Func<TOk> done)
        where TOk : IResult =>
        result.Outcome switch
        {
            AdminOutcome.Done => done(),
            AdminOutcome.NotFound => NotFound(result.Message),
            AdminOutcome.NoChange => new ConflictProblem(result.Message),
            AdminOutcome.Invalid when result.Errors.Count > 0 => TypedResults.ValidationProblem(
                result.Errors.ToDictionary(e => char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value })),
            AdminOutcome.Forbidden => TypedResults.Problem(title: result.Message, statusCode: StatusCodes.Status403Forbidden),
            AdminOutcome.RateLimited => TypedResults.Problem(title: result.Message, statusCode: StatusCodes.Status429TooManyRequests),
            _ => TypedResults.Problem(title: result.Message, statusCode: StatusCodes.Status400BadRequest),
        };

    /// <summary>A successful action that answers with its sentence.</summary>
    public static Results<Ok<AdminMessage>, NotFoundProblem, ConflictProblem, ValidationProblem, ProblemHttpResult> Message(AdminResult result) =>
        From(result, () => TypedResults.Ok(new AdminMessage(result.Message)));

    public static NotFoundProblem NotFound(string title) => new(title);

    public static BadRequestProblem BadPage() => new("page must be 0 or more.");
}
