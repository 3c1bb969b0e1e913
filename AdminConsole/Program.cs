using AdminConsole;
using AdminConsole.Core;
using AdminConsole.Core.Data;

// Help, --version and usage errors are answered before anything is built: a typo never starts a server.
if (AppCommand.Answer(args, Console.Out, Console.Error) is { } answered)
{
    return answered;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddDevelopmentSettings();
builder.AddCommandLogging(args);
builder.AddAdminConsoleCore();
builder.AddAdminConsoleWeb();

var app = builder.Build();
if (AppCommand.Of(args) != AppCommand.Serve)
{
    return await AppCommand.RunAsync(app, args);
}

await DatabaseInitializer.InitializeAsync(app.Services, app.Lifetime.ApplicationStopping);

app.UseAdminConsolePipeline();
app.Run();
return 0;

/// <summary>The app's entry point, public so that tests can host it.</summary>
public partial class Program;
