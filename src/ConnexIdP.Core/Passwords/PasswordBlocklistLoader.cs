using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConnexIdP.Core.Passwords;

/// <summary>
/// Builds the blocklist while the server starts rather than in the first registration or sign-in that needs it: the
/// shipped list takes a fraction of a second to build, and a bad operator file should stop the start, not a request.
/// </summary>
internal sealed class PasswordBlocklistLoader(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<PasswordBlocklist>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
