using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AdminConsole.Tests.Unit;

/// <summary>The proof-of-work a new device solves when admission is full: checked cheaply, spent once, never forged.</summary>
public sealed class SignInPuzzleTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private readonly SignInPuzzle puzzles;

    public SignInPuzzleTests() =>
        puzzles = new SignInPuzzle(new EphemeralDataProtectionProvider(), time, Options.Create(new AdmissionOptions { ConcurrentHashes = 1, QueueLength = 2, PuzzleDifficulty = 10 }));

    [Fact]
    public void A_solution_is_accepted_once()
    {
        var proof = SignInPuzzle.Solve(puzzles.Issue());

        Assert.True(puzzles.TryRedeem(proof));
        Assert.False(puzzles.TryRedeem(proof));
    }

    [Fact]
    public void A_number_that_does_not_solve_the_puzzle_is_refused()
    {
        var puzzle = puzzles.Issue();
        var wrong = Enumerable.Range(0, 100).Select(n => $"{puzzle.Challenge}.{n}").First(p => !SignInPuzzle.HasLeadingZeroBits(p, puzzle.Difficulty));

        Assert.False(puzzles.TryRedeem(wrong));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("abc.")]
    [InlineData(".5")]
    [InlineData("not-a-challenge.5")]
    [InlineData("abc.-1")]
    public void Malformed_proofs_are_refused(string proof) => Assert.False(puzzles.TryRedeem(proof));

    [Fact]
    public void A_challenge_made_elsewhere_or_altered_is_refused()
    {
        var other = new SignInPuzzle(new EphemeralDataProtectionProvider(), time, Options.Create(new AdmissionOptions { PuzzleDifficulty = 1 }));
        var forged = SignInPuzzle.Solve(other.Issue());
        var puzzle = puzzles.Issue();
        var altered = SignInPuzzle.Solve(puzzle with { Challenge = puzzle.Challenge[..^2] + (puzzle.Challenge[^2] == 'A' ? "B" : "A") + puzzle.Challenge[^1] });

        Assert.False(puzzles.TryRedeem(forged));
        Assert.False(puzzles.TryRedeem(altered));
    }

    [Fact]
    public void A_solution_expires_with_its_challenge()
    {
        var proof = SignInPuzzle.Solve(puzzles.Issue());
        time.Advance(TimeSpan.FromMinutes(2));

        Assert.False(puzzles.TryRedeem(proof));
    }

    [Fact]
    public void The_difficulty_grows_with_the_busy_answers_of_the_last_second_and_falls_back_after()
    {
        Assert.False(puzzles.UnderPressure);
        Assert.Equal(10, puzzles.Issue().Difficulty);

        for (var i = 0; i < 16; i++)
        {
            puzzles.CountBusy(); // 16 turned away against a queue of 2: three doublings
        }

        Assert.True(puzzles.UnderPressure);
        Assert.Equal(13, puzzles.Issue().Difficulty);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(13, puzzles.Issue().Difficulty); // the last second still counts
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(10, puzzles.Issue().Difficulty);
        Assert.False(puzzles.UnderPressure);
    }

    [Fact]
    public void A_puzzle_handed_out_while_quiet_is_refused_once_the_difficulty_has_risen_past_it()
    {
        var easy = SignInPuzzle.Solve(puzzles.Issue());
        for (var i = 0; i < 16; i++)
        {
            puzzles.CountBusy();
        }

        Assert.False(puzzles.TryRedeem(easy));
        Assert.True(puzzles.TryRedeem(SignInPuzzle.Solve(puzzles.Issue())));
    }
}
