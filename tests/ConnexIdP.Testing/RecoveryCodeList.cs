using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>The recovery codes as the enrollment and security pages show them, once (<c>ul#recovery-codes</c>).</summary>
internal static class RecoveryCodeList
{
    /// <summary>The codes shown on <paramref name="page"/>, waiting for them.</summary>
    public static async Task<IReadOnlyList<string>> ReadAsync(IPage page)
    {
        var codes = page.Locator("ul#recovery-codes li");
        await codes.First.WaitForAsync();
        return [.. (await codes.AllInnerTextsAsync()).Select(c => c.Trim())];
    }
}
