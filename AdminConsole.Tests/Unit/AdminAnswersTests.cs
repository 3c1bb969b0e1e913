using AdminConsole.Api;
using AdminConsole.Core.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AdminConsole.Tests.Unit;

/// <summary>The one mapping from an admin action's result to an HTTP answer.</summary>
public sealed class AdminAnswersTests
{
    private static IResult Answer(AdminResult result) => AdminAnswers.Message(result).Result;

    [Fact]
    public void Done_is_the_endpoints_own_answer_with_the_sentence() =>
        Assert.Equal("Unlocked.", Assert.IsType<Ok<AdminMessage>>(Answer(new AdminResult(AdminOutcome.Done, "Unlocked."))).Value!.Message);

    [Fact]
    public void Not_found_is_404_problem_titled_with_the_sentence()
    {
        var problem = Assert.IsType<NotFoundProblem>(Answer(AdminResult.NotFound)).Value!;
        Assert.Equal((404, AdminResult.NotFound.Message), (problem.Status, problem.Title));
    }

    [Fact]
    public void No_change_is_409_problem()
    {
        var problem = Assert.IsType<ConflictProblem>(Answer(new AdminResult(AdminOutcome.NoChange, "Already enabled."))).Value!;
        Assert.Equal((409, "Already enabled."), (problem.Status, problem.Title));
    }

    [Fact]
    public void Invalid_fields_are_a_validation_problem_keyed_by_the_json_field_name()
    {
        var answer = Assert.IsType<ValidationProblem>(Answer(AdminResult.Invalid(new Dictionary<string, string> { ["ExpiresAt"] = "The expiry must be in the future." })));
        Assert.Equal(["The expiry must be in the future."], answer.ProblemDetails.Errors["expiresAt"]);
        Assert.Equal(400, answer.StatusCode);
    }

    [Theory]
    [InlineData(AdminOutcome.Invalid, 400)]
    [InlineData(AdminOutcome.Forbidden, 403)]
    [InlineData(AdminOutcome.RateLimited, 429)]
    public void Other_failures_are_problems_with_their_status_and_sentence(AdminOutcome outcome, int status)
    {
        var problem = Assert.IsType<ProblemHttpResult>(Answer(new AdminResult(outcome, "Why not."))).ProblemDetails;
        Assert.Equal((status, "Why not."), (problem.Status, problem.Title));
    }

    [Fact]
    public void A_failure_as_an_action_with_a_value_keeps_its_kind_and_field_errors()
    {
        var failed = AdminResult.Invalid("Reason", "Give a reason.").As<string>();
        Assert.Equal((AdminOutcome.Invalid, "Give a reason.", null), (failed.Outcome, failed.Errors["Reason"], failed.Value));
    }
}
