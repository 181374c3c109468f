using ConnexIdP.Testing;

namespace ConnexIdP.BrowserTests;

/// <summary>Screenshots kept in the test output folder (<c>screenshots</c>) for a person to look at.</summary>
internal static class Screenshots
{
    /// <summary>Where the screenshot of <paramref name="pageName"/> at <paramref name="screen"/> goes, such as <c>sign-in-phone-390x844.png</c>.</summary>
    public static string PathFor(string pageName, BrowserScreen screen)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        return Path.Combine(folder, $"{pageName}-{screen.Name}-{screen.Width}x{screen.Height}.png");
    }
}
