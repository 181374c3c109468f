using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>
/// What makes a page hard to use at the current window size, judged the same way on every page: horizontal scrolling,
/// a control outside the window (or, for the ones that must be, not on the first screen), too small to tap, or a field
/// whose text is small enough that phones zoom in on focus. Each page object says which of its controls matter.
/// </summary>
public static class BrowserUsability
{
    /// <summary>The smallest target size WCAG 2.2 accepts at level AA (2.5.8); 44 px (2.5.5, AAA, and Apple's guideline) is comfortable.</summary>
    public const int MinimumTargetPixels = 24;

    /// <summary>Below this text size in a field, mobile Safari and Chrome zoom the page in when the field gets focus.</summary>
    public const double MinimumFieldTextPixels = 16;

    /// <summary>The problems of <paramref name="page"/> with <paramref name="controls"/>; empty when usable.</summary>
    /// <param name="controls">The controls a person needs, by name; those marked <c>OnFirstScreen</c> must show without scrolling.</param>
    public static Task<IReadOnlyList<string>> ProblemsAsync(IPage page, params IReadOnlyList<(string Name, ILocator Control, bool OnFirstScreen)> controls) =>
        ProblemsAsync(page, controls.Select(c => new BrowserControl(c.Name, c.Control, c.OnFirstScreen)), field: null);

    /// <summary>As the other overload; <paramref name="field"/>, when given, is a text field whose size stands for the page's fields.</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(IPage page, IEnumerable<BrowserControl> controls, ILocator? field)
    {
        var problems = new List<string>();
        var (width, height) = page.ViewportSize is { } viewport
            ? (viewport.Width, viewport.Height)
            : throw new InvalidOperationException("The page has no fixed window size.");

        var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (pageWidth > width)
        {
            problems.Add($"the page is {pageWidth}px wide in a {width}px window (horizontal scrolling)");
        }

        // Measured from the top of the page, so a control further down counts the same after any scrolling.
        var scrollY = await page.EvaluateAsync<double>("() => window.scrollY");
        foreach (var (name, control, onFirstScreen) in controls)
        {
            var box = await control.BoundingBoxAsync() ?? throw new InvalidOperationException($"The {name} is not displayed.");
            if (box.X < 0 || box.X + box.Width > width)
            {
                problems.Add($"the {name} does not fit across the window ({box.X} {box.Width}px wide in {width}px)");
            }
            else if (onFirstScreen && box.Y + scrollY + box.Height > height)
            {
                problems.Add($"the {name} is not entirely on the first screen ({box.X},{box.Y + scrollY} {box.Width}x{box.Height} in {width}x{height})");
            }

            if (box.Height < MinimumTargetPixels)
            {
                problems.Add($"the {name} is {box.Height}px tall, less than {MinimumTargetPixels}px");
            }

            await CheckFieldTextAsync(control, name, problems);
        }

        if (field is not null)
        {
            await CheckFieldTextAsync(field, "fields", problems);
        }

        return problems;
    }

    private static async Task CheckFieldTextAsync(ILocator control, string name, List<string> problems)
    {
        var size = await control.EvaluateAsync<double>(
            "e => ['INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName) ? parseFloat(getComputedStyle(e).fontSize) : Infinity");
        if (size < MinimumFieldTextPixels)
        {
            problems.Add($"the {name}'s text is {size}px; below {MinimumFieldTextPixels}px phones zoom in when a field gets focus");
        }
    }
}
