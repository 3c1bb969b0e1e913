namespace AdminConsole.Tests.Integration;

/// <summary>Outside Development the app does not start without a valid <c>App:PublicBaseUrl</c>, and says which key.</summary>
public sealed class PublicBaseUrlStartupTests
{
    [Fact]
    public async Task Outside_development_the_app_does_not_start_without_the_public_base_url()
    {
        await using var app = new AppFactory();
        app.Settings.Remove("App:PublicBaseUrl");

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        var failure = Unwrap(error).OfType<Microsoft.Extensions.Options.OptionsValidationException>().FirstOrDefault();
        Assert.True(failure is not null, error.ToString());
        Assert.Contains("App:PublicBaseUrl is not set", failure.Message);
    }

    [Fact]
    public async Task Outside_development_the_app_does_not_start_with_a_base_url_that_is_not_absolute()
    {
        await using var app = new AppFactory();
        app.Settings["App:PublicBaseUrl"] = "console.example.com";

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("App:PublicBaseUrl must be an absolute http or https URL", string.Join(" ", Unwrap(error).Select(e => e.Message)));
    }

    private static IEnumerable<Exception> Unwrap(Exception e)
    {
        yield return e;
        var inner = e is AggregateException aggregate ? aggregate.InnerExceptions : e.InnerException is { } one ? [one] : [];
        foreach (var child in inner.SelectMany(Unwrap))
        {
            yield return child;
        }
    }
}
