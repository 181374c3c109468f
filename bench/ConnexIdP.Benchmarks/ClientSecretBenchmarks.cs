using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using ConnexIdP.Bench;
using ConnexIdP.Core.Clients;
using ConnexIdP.Core.Credentials;
using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ConnexIdP.Benchmarks;

/// <summary>
/// The client-secret check done on every token request: ConnexIdP's keyed HMAC (<see cref="ClientSecretHasher"/>), alone
/// and through the application manager, against OpenIddict's default (PBKDF2-HMAC-SHA256, 10,000 iterations) through
/// OpenIddict's own manager. Nothing touches the database: the application entities live in memory.
/// </summary>
[MemoryDiagnoser]
public class ClientSecretBenchmarks
{
    private ServiceProvider _services = null!;
    private IServiceScope _scope = null!;
    private ClientSecretHasher _hasher = null!;
    private ConnexApplicationManager _connex = null!;
    private StockApplicationManager _stock = null!;
    private string _secret = null!;
    private string _connexStored = null!;
    private OpenIddictEntityFrameworkCoreApplication _connexApplication = null!;
    private OpenIddictEntityFrameworkCoreApplication _stockApplication = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddDbContext<ConnexDbContext>(options => options.UseSqlite("Data Source=:memory:").UseOpenIddict());
        collection.AddSingleton(new PepperRing([new Pepper("1", RandomNumberGenerator.GetBytes(32))], "1"));
        collection.AddSingleton<ClientSecretHasher>();
        collection.AddOpenIddict().AddCore(options => options.UseEntityFrameworkCore().UseDbContext<ConnexDbContext>());
        collection.AddScoped<ConnexApplicationManager>();
        collection.AddScoped<StockApplicationManager>();
        _services = collection.BuildServiceProvider();
        _scope = _services.CreateScope();

        _hasher = _services.GetRequiredService<ClientSecretHasher>();
        _connex = _scope.ServiceProvider.GetRequiredService<ConnexApplicationManager>();
        _stock = _scope.ServiceProvider.GetRequiredService<StockApplicationManager>();
        _secret = ClientSecretHasher.Generate();
        _connexStored = _hasher.Hash(_secret);
        _connexApplication = new OpenIddictEntityFrameworkCoreApplication { ClientType = ClientTypes.Confidential, ClientSecret = _connexStored };
        _stockApplication = new OpenIddictEntityFrameworkCoreApplication { ClientType = ClientTypes.Confidential, ClientSecret = await _stock.ObfuscateAsync(_secret) };

        if (!await ConnexManager() || !await OpenIddictPbkdf2() || !HmacVerify())
        {
            throw new InvalidOperationException("A benchmark's secret does not verify.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scope.Dispose();
        _services.Dispose();
    }

    [Benchmark(Description = "ClientSecretHasher.Verify (keyed HMAC)")]
    public bool HmacVerify() => _hasher.Verify(_secret, _connexStored);

    [Benchmark(Description = "ConnexApplicationManager.ValidateClientSecretAsync")]
    public ValueTask<bool> ConnexManager() => _connex.ValidateClientSecretAsync(_connexApplication, _secret);

    [Benchmark(Baseline = true, Description = "OpenIddict default (PBKDF2-SHA256, 10,000 iterations)")]
    public ValueTask<bool> OpenIddictPbkdf2() => _stock.ValidateClientSecretAsync(_stockApplication, _secret);
}
