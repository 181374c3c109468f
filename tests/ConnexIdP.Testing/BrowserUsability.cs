using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>
/// What a test can judge of a page's usability at the window's size, shared by the browser page objects: each page
/// says which of its controls matter and which must be visible without scrolling.
/// </summary>
public static class BrowserUsability
{
    /// <summary>The smallest target size WCAG 2.2 accepts at level AA (2.5.8); 44 px (2.5.5, AAA, and Apple's guideline) is comfortable.</summary>
    public const int MinimumTargetPixels = 24;

    /// <summary>Below this, phones zoom in when a field gets focus.</summary>
    public const double MinimumFieldFontPixels = 16;

    /// <summary>
    /// Horizontal scrolling; a control wider than the window, too small to tap, or not on the first screen when it must
    /// be; a field whose text is small enough that phones zoom in. Empty when usable.
    /// </summary>
    /// <param name="controls">The controls a person needs.</param>
    /// <param name="field">A text field, whose font size stands for the page's fields.</param>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(IPage page, IEnumerable<BrowserControl> controls, ILocator field)
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
        }

        var fontSize = await field.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
        if (fontSize < MinimumFieldFontPixels)
        {
            problems.Add($"the fields' text is {fontSize}px; below {MinimumFieldFontPixels}px phones zoom in when a field gets focus");
        }

        return problems;
    }
}
