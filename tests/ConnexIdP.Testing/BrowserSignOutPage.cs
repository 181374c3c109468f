using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>Page object for signing out at ConnexIdP itself: its end-session endpoint asks to confirm, then says so.</summary>
public sealed class BrowserSignOutPage(IPage page, Uri server)
{
    /// <summary>Opens the sign-out confirmation, confirms, and waits for "You are signed out".</summary>
    public async Task SignOutAsync()
    {
        await page.GotoAsync(new Uri(server, "/connect/endsession").ToString());
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "You are signed out" }).WaitForAsync();
    }
}
