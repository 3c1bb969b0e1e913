using AdminConsole;
using AdminConsole.Core;
using AdminConsole.Core.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddDevelopmentSettings();
builder.AddAdminConsoleCore();
builder.AddAdminConsoleWeb();

var app = builder.Build();
await DatabaseInitializer.InitializeAsync(app.Services, app.Lifetime.ApplicationStopping);
if (DemoCommand.IsRequested(args))
{
    return await DemoCommand.RunAsync(app.Services, args);
}

app.UseAdminConsolePipeline();
app.Run();
return 0;

/// <summary>The app's entry point, public so that tests can host it.</summary>
public partial class Program;
