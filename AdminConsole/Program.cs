using AdminConsole;
using AdminConsole.Core;
using AdminConsole.Core.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddDevelopmentSettings();
builder.AddAdminConsoleCore();
builder.AddAdminConsoleWeb();

var app = builder.Build();
if (BreakGlassCommand.IsRequested(args))
{
    await DatabaseInitializer.InitializeAsync(app.Services, app.Lifetime.ApplicationStopping);
    return await BreakGlassCommand.RunAsync(app.Services, args, Console.Out, Console.Error, app.Lifetime.ApplicationStopping);
}

if (CleanupCommand.IsRequested(args))
{
    await DatabaseInitializer.InitializeAsync(app.Services, app.Lifetime.ApplicationStopping);
    return await CleanupCommand.RunAsync(app.Services, args, Console.Out, Console.Error, app.Lifetime.ApplicationStopping);
}

if (DemoCommand.IsRequested(args))
{
    return await DemoCommand.RunAsync(app, args);
}

await DatabaseInitializer.InitializeAsync(app.Services, app.Lifetime.ApplicationStopping);

app.UseAdminConsolePipeline();
app.Run();
return 0;

/// <summary>The app's entry point, public so that tests can host it.</summary>
public partial class Program;
