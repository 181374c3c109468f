using System.Net;
using ConnexIdP.Core.Clients;
using ConnexIdP.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.Protocol;

/// <summary>
/// Refresh tokens rotate; presenting a rotated one again is treated as theft and revokes the whole family, unless the
/// client was registered with a reuse leeway and the token comes back within it.
/// </summary>
public sealed class RefreshTokenReuseTests
{
    [Fact]
    public async Task Refresh_token_reuse_revokes_the_whole_family()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await CodeFlowScenario.StartAsync(clock: clock);
        var first = await scenario.SignInAsync();
        var second = await RotateAsync(scenario, first.RefreshToken!);
        var third = await RotateAsync(scenario, second.RefreshToken!);

        // Within the same second: a client without leeway gets none at all.
        var reused = await scenario.Client.RefreshAsync(first.RefreshToken!);

        OAuthAssert.Refused(reused, HttpStatusCode.BadRequest, "invalid_grant");
        OAuthAssert.Refused(await scenario.Client.RefreshAsync(third.RefreshToken!), HttpStatusCode.BadRequest, "invalid_grant");
        Assert.True((await scenario.Client.IntrospectAsync(third.AccessToken!)).Active == false, "the family's access tokens are revoked too");
    }

    [Fact]
    public async Task Reuse_revokes_only_its_own_family_not_other_sign_ins()
    {
        await using var scenario = await CodeFlowScenario.StartAsync();
        var stolenFamily = await scenario.SignInAsync();
        var otherFamily = await scenario.SignInAsync();
        await RotateAsync(scenario, stolenFamily.RefreshToken!);

        await scenario.Client.RefreshAsync(stolenFamily.RefreshToken!);

        var unaffected = await scenario.Client.RefreshAsync(otherFamily.RefreshToken!);
        Assert.True(unaffected.Status == HttpStatusCode.OK, unaffected.ToString());
    }

    [Fact]
    public async Task Client_with_reuse_leeway_may_present_a_rotated_token_again_within_the_window()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await StartWithLeewayAsync(clock, TimeSpan.FromSeconds(30));
        var first = await scenario.SignInAsync();
        var second = await RotateAsync(scenario, first.RefreshToken!);

        clock.Advance(TimeSpan.FromSeconds(20));
        var retried = await scenario.Client.RefreshAsync(first.RefreshToken!);

        Assert.True(retried.Status == HttpStatusCode.OK && retried.AccessToken is not null, "a retry within the leeway succeeds: " + retried);
        Assert.True((await scenario.Client.RefreshAsync(second.RefreshToken!)).Status == HttpStatusCode.OK, "the family lives on");
        Assert.True((await scenario.Client.RefreshAsync(retried.RefreshToken!)).Status == HttpStatusCode.OK);
    }

    [Fact]
    public async Task Client_with_reuse_leeway_loses_the_family_when_the_window_has_passed()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await StartWithLeewayAsync(clock, TimeSpan.FromSeconds(30));
        var first = await scenario.SignInAsync();
        var second = await RotateAsync(scenario, first.RefreshToken!);

        clock.Advance(TimeSpan.FromSeconds(31));
        var reused = await scenario.Client.RefreshAsync(first.RefreshToken!);

        OAuthAssert.Refused(reused, HttpStatusCode.BadRequest, "invalid_grant");
        OAuthAssert.Refused(await scenario.Client.RefreshAsync(second.RefreshToken!), HttpStatusCode.BadRequest, "invalid_grant");
    }

    [Fact]
    public async Task Leeway_of_one_client_does_not_apply_to_another()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var scenario = await CodeFlowScenario.StartAsync(clock: clock);
        await scenario.Server.RegisterClientAsync(new ClientRegistration
        {
            ClientId = "lenient",
            Grants = ["client_credentials"],
            Credential = ClientCredentialSource.GenerateSecret,
            RefreshTokenReuseLeeway = TimeSpan.FromMinutes(5),
        });
        var first = await scenario.SignInAsync();
        await RotateAsync(scenario, first.RefreshToken!);

        clock.Advance(TimeSpan.FromSeconds(1));
        var reused = await scenario.Client.RefreshAsync(first.RefreshToken!);

        OAuthAssert.Refused(reused, HttpStatusCode.BadRequest, "invalid_grant");
    }

    private static Task<CodeFlowScenario> StartWithLeewayAsync(FakeTimeProvider clock, TimeSpan leeway) =>
        CodeFlowScenario.StartAsync(clock: clock, customize: r => r with { RefreshTokenReuseLeeway = leeway });

    private static async Task<TokenResponse> RotateAsync(CodeFlowScenario scenario, string refreshToken)
    {
        var refreshed = await scenario.Client.RefreshAsync(refreshToken);
        Assert.True(refreshed.RefreshToken is not null && refreshed.RefreshToken != refreshToken, "refresh must rotate: " + refreshed);
        return refreshed;
    }
}
