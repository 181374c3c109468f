using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace ConnexIdP.Server.Hosting;

/// <summary>On a server with no accounts yet, says how to create the first admin and a client.</summary>
internal static partial class FirstRunGuide
{
    public static async Task ShowIfEmptyAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConnexDbContext>();
        if (await db.Accounts.AnyAsync(cancellationToken))
        {
            return;
        }

        LogGuide(logger, """
            No accounts yet. From the repository root:
              Create the first admin (the password is read from standard input):
                printf '%s' 'a long passphrase of your own' | dotnet run --project src/ConnexIdP.Cli -- users add --email admin@example.com --admin --password-stdin
              Register a relying party (the secret is printed once):
                dotnet run --project src/ConnexIdP.Cli -- clients add --client-id portal --type confidential --grant authorization_code --grant refresh_token --redirect-uri https://localhost:5002/signin-oidc --scope openid --scope profile --scope email --scope offline_access --consent implicit --generate-secret
              Discovery document: /.well-known/openid-configuration
            """);
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "{Guide}")]
    private static partial void LogGuide(ILogger logger, string guide);
}
