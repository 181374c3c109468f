using ConnexIdP.Core.Clients;
using ConnexIdP.Core.Defence;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.Defence;

/// <summary>
/// The hourly pruning of failure counters: what an attacker leaves behind (emails and client ids that name nothing,
/// source addresses, known devices whose cookie has expired) goes once it can no longer protect anything; an account's
/// and a client's own counters, and an unknown email's at the permanent lockout, stay.
/// </summary>
public sealed class FailureCounterPruningTests
{
    private const string Account = "ada@example.com";

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task Counters_that_name_nothing_go_after_the_retention_and_an_accounts_own_counters_stay(TestDatabase database)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var server = await ConnexServer.StartAsync(database, clock, new Dictionary<string, string>
        {
            ["SignInDefence:CounterRetention"] = "30.00:00:00",
            ["SignInDefence:KnownDeviceLifetime"] = "60.00:00:00",
        });
        var account = await server.CreateAccountAsync(Account, "correct horse battery staple");
        await server.RegisterClientAsync(new ClientRegistration
        {
            ClientId = "billing",
            Grants = ["client_credentials"],
            Credential = ClientCredentialSource.GenerateSecret,
        });

        var old = clock.GetUtcNow() - TimeSpan.FromDays(31);
        var recent = clock.GetUtcNow() - TimeSpan.FromDays(29);
        var ancientDevice = clock.GetUtcNow() - TimeSpan.FromDays(61);
        string[] gone =
        [
            CounterKey.ForEmail(Factors.Password, "nobody@example.com"),
            CounterKey.ForEmail(Factors.Password, null),
            CounterKey.ForClient("no-such-client"),
            CounterKey.ForClientSource("203.0.113.9"),
            CounterKey.ForDevice(Factors.Password, account.Id, "expired-cookie"),
        ];
        string[] kept =
        [
            CounterKey.ForEmail(Factors.Password, Account),
            CounterKey.ForAccount(Factors.AuthenticatorApp, account.Id),
            CounterKey.ForClient("billing"),
            CounterKey.ForEmail(Factors.Password, "recent@example.com"),
            CounterKey.ForClientSource("203.0.113.10"),
            CounterKey.ForDevice(Factors.Password, account.Id, "live-cookie"),
            CounterKey.ForEmail(Factors.Password, "locked-for-good@example.com"),
        ];

        await server.WithServiceAsync(async services =>
        {
            var counters = services.GetRequiredService<FailureCounterStore>();
            foreach (var key in gone.Take(4).Concat(kept.Take(3)))
            {
                await counters.AddFailureAsync(key, old, CancellationToken.None);
            }

            await counters.AddFailureAsync(gone[4], ancientDevice, CancellationToken.None);
            await counters.AddFailureAsync(kept[3], recent, CancellationToken.None);
            await counters.AddFailureAsync(kept[4], recent, CancellationToken.None);
            await counters.AddFailureAsync(kept[5], old, CancellationToken.None);
            for (var i = 0; i < 100; i++)
            {
                await counters.AddFailureAsync(kept[6], old, CancellationToken.None);
            }

            return 0;
        });

        var removed = await server.WithServiceAsync(services => services.GetRequiredService<FailureCounterPruner>().PruneAsync(CancellationToken.None));

        Assert.Equal(gone.Length, removed);
        var left = await server.WithServiceAsync(async services =>
        {
            var counters = services.GetRequiredService<FailureCounterStore>();
            var found = new List<string>();
            foreach (var key in gone.Concat(kept))
            {
                if (await counters.ReadAsync(key, CancellationToken.None) is not null)
                {
                    found.Add(key);
                }
            }

            return found;
        });
        Assert.Equal(kept, left);
    }
}
