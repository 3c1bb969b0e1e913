namespace AdminConsole.E2E;

/// <summary>
/// Chromium reads the Permissions-Policy header of every page and logs each feature it does not know
/// ("Unrecognized feature"): the header names only features the browser knows. Every message is collected here,
/// warnings included, not only the errors every browser test refuses.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PermissionsPolicyTests(AppHost app) : BrowserTest(app)
{
    [Fact]
    public async Task Chromium_knows_every_feature_the_permissions_policy_names()
    {
        var page = await Host.NewPageAsync();
        var messages = new List<string>();
        page.Console += (_, message) =>
        {
            lock (messages)
            {
                messages.Add($"{message.Type}: {message.Text}");
            }
        };

        var response = await page.GotoAsync("/Account/Login");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.NotNull(response);
        Assert.Contains("camera=()", await response.HeaderValueAsync("permissions-policy"));
        lock (messages)
        {
            Assert.DoesNotContain(messages, m => m.Contains("Permissions-Policy", StringComparison.OrdinalIgnoreCase)
                || m.Contains("Unrecognized feature", StringComparison.OrdinalIgnoreCase));
        }
    }
}
