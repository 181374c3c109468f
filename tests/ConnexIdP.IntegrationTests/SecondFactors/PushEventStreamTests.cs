using System.Net;
using System.Text.Json;
using ConnexIdP.Core.Security;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ConnexIdP.IntegrationTests.SecondFactors;

/// <summary>
/// The server-sent event streams that carry push approval without any push service: the waiting page hears its
/// request's outcome, and the phone hears new requests and its own removal; each stream ends when nothing more can come.
/// </summary>
public sealed class PushEventStreamTests
{
    [Fact]
    public async Task The_waiting_page_hears_the_approval_and_the_stream_ends()
    {
        await using var scene = await PushScene.StartAsync();
        await scene.Scene.PasswordAsync();
        await using var stream = await EventStream.OpenAsync(scene.Browser.Cookies, new Uri(scene.Server.BaseAddress, PushPage.Path + "/events"));
        Assert.Equal(HttpStatusCode.OK, stream.Status);
        Assert.Equal("text/event-stream", stream.ContentType);
        Assert.Equal(("status", "pending"), await stream.NextAsync());

        await scene.Phone.AnswerAsync(await scene.Phone.WaitingRequestAsync(), scene.Push.Number);

        Assert.Equal(("status", "approved"), await stream.NextAsync());
        Assert.Null(await stream.NextAsync());
    }

    [Fact]
    public async Task A_browser_without_a_request_gets_no_stream()
    {
        await using var scene = await PushScene.StartAsync();
        using var stranger = new TestBrowser();

        await using var stream = await EventStream.OpenAsync(stranger.Cookies, new Uri(scene.Server.BaseAddress, PushPage.Path + "/events"));

        Assert.Equal(HttpStatusCode.NotFound, stream.Status);
        Assert.Equal("application/json", stream.ContentType);
    }

    [Fact]
    public async Task The_phone_hears_a_new_request_and_then_its_own_removal()
    {
        await using var scene = await PushScene.StartAsync();
        await using var stream = await EventStream.OpenAsync(scene.Phone.Cookies, new Uri(scene.Server.BaseAddress, SoftwarePhone.ApiPath + "/events"));
        Assert.Equal(HttpStatusCode.OK, stream.Status);
        Assert.Equal(0, RequestCount(await stream.NextAsync()));

        await scene.Scene.PasswordAsync();
        Assert.Equal(1, RequestCount(await stream.NextAsync()));

        var account = await scene.AccountAsync();
        Assert.True((await scene.Server.WithServiceAsync(services => services.GetRequiredService<SecondFactorService>()
            .RemoveApprovalDeviceAsync(account, scene.Phone.DeviceId, "test", SecurityEventContext.None, CancellationToken.None))).Succeeded);
        var removed = await stream.NextAsync();
        Assert.Equal("removed", removed?.Type);
        Assert.Null(await stream.NextAsync());
    }

    [Fact]
    public async Task A_phone_without_a_session_gets_no_stream()
    {
        await using var scene = await PushScene.StartAsync();
        using var stranger = new SoftwarePhone(scene.Server.BaseAddress, scene.Authenticator);

        await using var stream = await EventStream.OpenAsync(stranger.Cookies, new Uri(scene.Server.BaseAddress, SoftwarePhone.ApiPath + "/events"));

        Assert.Equal(HttpStatusCode.Unauthorized, stream.Status);
        Assert.Equal("application/json", stream.ContentType);
    }

    private static int RequestCount((string Type, string Data)? item)
    {
        Assert.Equal("requests", item?.Type);
        return JsonDocument.Parse(item!.Value.Data).RootElement.GetProperty("requests").GetArrayLength();
    }
}
