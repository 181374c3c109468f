using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>A control a person needs on a page, by the name a problem should call it.</summary>
/// <param name="OnFirstScreen">Whether it must be visible without scrolling.</param>
public sealed record BrowserControl(string Name, ILocator Locator, bool OnFirstScreen = true);
