using System.Text.Json;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// What an API client does with a challenge: on a 428 carrying a <c>puzzle</c>, it solves it and sends the same
/// request again with the answer in <c>Sign-In-Proof</c>. Counts how often it had to.
/// </summary>
public sealed class PuzzleSolvingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int solved;

    public int Solved => Volatile.Read(ref solved);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var response = await base.SendAsync(Copy(request, body), cancellationToken);
        if (response.StatusCode != HttpStatusCode.PreconditionRequired)
        {
            return response;
        }

        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var puzzle = problem.RootElement.GetProperty("puzzle");
        var proof = SignInPuzzle.Solve(new Puzzle(puzzle.GetProperty("challenge").GetString()!, puzzle.GetProperty("difficulty").GetInt32(), DateTimeOffset.MaxValue));
        response.Dispose();
        Interlocked.Increment(ref solved);
        var again = Copy(request, body);
        again.Headers.Add(Puzzle.HeaderName, proof);
        return await base.SendAsync(again, cancellationToken);
    }

    private static HttpRequestMessage Copy(HttpRequestMessage request, byte[]? body)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        foreach (var (name, values) in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var (name, values) in request.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return copy;
    }
}
