namespace ConnexIdP.Testing;

/// <summary>A browser window size to test pages at; phones also get a touch screen and honour the page's viewport tag.</summary>
public sealed record BrowserScreen(string Name, int Width, int Height, bool IsPhone)
{
    /// <summary>A common phone in portrait (iPhone 12 to 15 class, CSS pixels).</summary>
    public static readonly BrowserScreen Phone = new("phone", 390, 844, IsPhone: true);

    public static readonly BrowserScreen Desktop = new("desktop", 1280, 800, IsPhone: false);

    /// <summary><see cref="Phone"/> or <see cref="Desktop"/> by name, for test cases (which need serializable arguments).</summary>
    public static BrowserScreen Named(string name) =>
        new[] { Phone, Desktop }.SingleOrDefault(s => s.Name == name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, "No such screen.");

    public override string ToString() => $"{Name} {Width}x{Height}";
}
