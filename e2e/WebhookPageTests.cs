using System.Net;
using static Microsoft.Playwright.Assertions;

namespace AdminConsole.E2E;

/// <summary>The webhooks page: register an endpoint (the secret shown once) and read its delivery log.</summary>
[Collection(AppCollection.Name)]
public sealed class WebhookPageTests(AppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task The_admin_registers_an_endpoint_and_sees_its_delivery_arrive()
    {
        // A real receiver on loopback; registering an endpoint is itself an admin action, so it gets the first delivery.
        using var receiver = new HttpListener();
        var url = $"http://127.0.0.1:{AppHost.FreePort()}/e2e-hook/";
        receiver.Prefixes.Add(url);
        receiver.Start();
        var received = Task.Run(async () =>
        {
            var context = await receiver.GetContextAsync();
            var signature = context.Request.Headers["webhook-signature"];
            context.Response.StatusCode = 204;
            context.Response.Close();
            return signature;
        }, TestContext.Current.CancellationToken);

        var admin = await Host.AdminPageAsync();
        await AppHost.GotoConsoleAsync(admin, "/admin/webhooks");
        await admin.GetByTestId("add-webhook").ClickAsync();
        await AppHost.Field(admin, "webhook-url").FillAsync("ftp://nowhere");
        await admin.GetByTestId("webhook-save").ClickAsync();
        await Expect(admin.GetByText("Enter the receiver's full address")).ToBeVisibleAsync();
        await Expect(admin.GetByText("Give a reason")).ToBeVisibleAsync();
        await AppHost.ScreenshotAsync(admin, "console-webhook-add-errors");

        await AppHost.Field(admin, "webhook-url").FillAsync(url);
        await admin.GetByTestId("webhook-event-AdminAction").ClickAsync();
        await AppHost.Field(admin, "webhook-reason").FillAsync("Forward security events to the SIEM");
        await admin.GetByTestId("webhook-save").ClickAsync();
        await Expect(AppHost.Field(admin, "webhook-secret")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^whsec_"));
        await AppHost.ScreenshotAsync(admin, "console-webhook-secret");
        await admin.GetByTestId("webhook-done").ClickAsync();

        Assert.StartsWith("v1,", await received.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken));
        await Expect(admin.GetByTestId("webhooks-table")).ToContainTextAsync(url);
        // The receiver has the delivery; the log says so once the sender has stored the answer: refresh until it does.
        var log = admin.GetByTestId("delivery-log");
        for (var i = 0; i < 15 && !(await log.InnerTextAsync()).Contains("Delivered", StringComparison.Ordinal); i++)
        {
            await admin.GetByTestId("delivery-refresh").ClickAsync();
            try
            {
                await Expect(log).ToContainTextAsync("Delivered", new() { Timeout = 1000 });
            }
            catch (PlaywrightException)
            {
                // not stored yet: refresh again
            }
        }

        await Expect(log).ToContainTextAsync("admin.action");
        await Expect(log).ToContainTextAsync("Delivered");
        await AppHost.ScreenshotAsync(admin, "console-webhooks");

        var phone = await Host.AdminPageAsync(390, 844);
        await AppHost.GotoConsoleAsync(phone, "/admin/webhooks");
        await Expect(phone.GetByTestId("webhooks-table")).ToContainTextAsync(url);
        await AppHost.ScreenshotAsync(phone, "console-webhooks-phone");
    }
}
