using ConnexIdP.Bench;
using ConnexIdP.Core.Clients;
using ConnexIdP.Core.Data;
using ConnexIdP.Core.Hosting;
using ConnexIdP.Core.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Bench.TokenSetup;

/// <summary>
/// Prepares a throwaway ConnexIdP data directory for the token endpoint load test, through the same Core services the
/// admin CLI calls: migrates the database, creates the token keys, registers the API scope <c>api1</c> and a
/// confidential client_credentials client whose generated 256-bit secret is written to <c>Bench:SecretFile</c>.
/// Configuration is the server's (<c>--Section:Key=value</c>); <c>--Bench:SecretFormat=Pbkdf2</c> stores the secret in
/// OpenIddict's default PBKDF2 format instead of the product's keyed HMAC.
/// </summary>
internal static class TokenBenchSetup
{
    public const string ClientId = "bench-client";
    public const string Scope = "api1";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddConnexCore(builder.Configuration, builder.Environment);
        builder.Services.AddScoped<StockApplicationManager>();
        using var host = builder.Build();

        var secretFile = builder.Configuration["Bench:SecretFile"]
            ?? throw new InvalidOperationException("Set --Bench:SecretFile=PATH (where the generated client secret is written).");
        var pbkdf2 = string.Equals(builder.Configuration["Bench:SecretFormat"], "Pbkdf2", StringComparison.OrdinalIgnoreCase);
        var cancellationToken = CancellationToken.None;

        host.Services.GetRequiredService<SigningKeyRing>().EnsureKeys();

        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);

        var clients = services.GetRequiredService<ClientService>();
        var scopeResult = await clients.AddScopeAsync(Scope, [Scope], "Bench API", "bench-setup", cancellationToken);
        if (!scopeResult.Succeeded)
        {
            await Console.Error.WriteLineAsync(scopeResult.Error);
            return 1;
        }

        var clientResult = await clients.AddAsync(new ClientRegistration
        {
            ClientId = ClientId,
            Kind = ClientKind.Confidential,
            Grants = [GrantTypes.ClientCredentials],
            Scopes = [Scope],
            Credential = ClientCredentialSource.GenerateSecret,
        }, "bench-setup", cancellationToken);
        if (!clientResult.Succeeded || clientResult.GeneratedSecret is null)
        {
            await Console.Error.WriteLineAsync(clientResult.Error);
            return 1;
        }

        if (pbkdf2)
        {
            var stock = await services.GetRequiredService<StockApplicationManager>().ObfuscateAsync(clientResult.GeneratedSecret, cancellationToken);
            await services.GetRequiredService<ConnexDbContext>().Set<OpenIddictEntityFrameworkCoreApplication>()
                .Where(a => a.ClientId == ClientId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.ClientSecret, stock), cancellationToken);
        }

        await File.WriteAllTextAsync(secretFile, clientResult.GeneratedSecret, cancellationToken);
        Console.WriteLine($"client {ClientId} (secret stored as {(pbkdf2 ? "OpenIddict PBKDF2" : "ConnexIdP keyed HMAC")}), scope {Scope}");
        return 0;
    }
}
