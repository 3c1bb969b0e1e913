using System.Net;
using System.Net.Sockets;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

[Collection(AppCollection.Name)]
public sealed class ForwardedHeaderWarningTests(AppHost app) : BrowserTest(app)
{
    /// <summary>A request from 127.0.0.9, which is not a trusted proxy, carrying X-Forwarded-For.</summary>
    private async Task ForwardFromUntrustedPeerAsync()
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.9"), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, Host.BaseUrl + "/Account/Login");
        request.Headers.Add("X-Forwarded-For", "198.18.0.50");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_peer_that_forwards_without_being_trusted_is_named_on_the_dashboard_and_the_policy_page()
    {
        await ForwardFromUntrustedPeerAsync();
        var admin = await Host.AdminPageAsync();

        var warning = admin.GetByTestId("forwarded-header-warning");
        await Expect(warning).ToContainTextAsync("127.0.0.9");
        await Expect(warning).ToContainTextAsync("Network:TrustedProxies");
        await AppHost.ScreenshotAsync(admin, "forwarded-header-warning-dashboard");

        await AppHost.GotoConsoleAsync(admin, "/admin/policy");
        await Expect(admin.GetByTestId("forwarded-header-warning")).ToContainTextAsync("127.0.0.9");
        await AppHost.ScreenshotAsync(admin, "forwarded-header-warning-policy");
    }
}
