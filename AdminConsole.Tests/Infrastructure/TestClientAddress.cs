using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// The in-memory server has no socket, so no client address: this gives each request 127.0.0.1, or the address
/// named in the test-only header <see cref="Header"/>, exactly where a socket's address would appear.
/// </summary>
internal sealed class TestClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Socket-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((HttpContext context, Func<Task> nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(Header, out var value)
                ? IPAddress.Parse(value.ToString())
                : IPAddress.Loopback;
            context.Request.Headers.Remove(Header);
            return nextMiddleware();
        });
        next(app);
    };
}
