using ConnexIdP.Core.Clients;
using ConnexIdP.Core.Defence;
using ConnexIdP.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ConnexIdP.IntegrationTests.Defence;

/// <summary>
/// The hourly pruning of failure counters: the client-authentication counters of unknown client ids and of source
/// addresses go once they are older than the retention; a real client's counter, and every email and device counter
/// (known account or not, so the two cannot be told apart by age), stay.
/// </summary>
public sealed class FailureCounterPruningTests
{
    private const string Account = "ada@example.com";

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.PostgreSql)]
    public async Task Client_counters_that_name_nothing_go_after_the_retention_and_email_and_device_counters_stay(TestDatabase database)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var server = await ConnexServer.StartAsync(database, clock, new Dictionary<string, string>
        {
            ["SignInDefence:CounterRetention"] = "30.00:00:00",
        });
        var account = await server.CreateAccountAsync(Account, "correct horse battery staple");
        await server.RegisterClientAsync(new ClientRegistration
        {
            ClientId = "billing",
            Grants = ["client_credentials"],
            Credential = ClientCredentialSource.GenerateSecret,
        });

        var old = clock.GetUtcNow() - TimeSpan.FromDays(400);
        var recent = clock.GetUtcNow() - TimeSpan.FromDays(29);
        string[] gone = [CounterKey.ForClient("no-such-client"), CounterKey.ForClientSource("203.0.113.9")];
        string[] kept =
        [
            CounterKey.ForClient("billing"),
            CounterKey.ForEmail(Factors.Password, Account),
            CounterKey.ForEmail(Factors.Password, "nobody@example.com"),
            CounterKey.ForEmail(Factors.Password, null),
            CounterKey.ForAccount(Factors.AuthenticatorApp, account.Id),
            CounterKey.ForDevice(Factors.Password, account.Id, "device"),
        ];
        string[] keptRecent = [CounterKey.ForClient("no-such-client-yet"), CounterKey.ForClientSource("203.0.113.10")];

        await server.WithServiceAsync(async services =>
        {
            var counters = services.GetRequiredService<FailureCounterStore>();
            foreach (var key in gone.Concat(kept))
            {
                await counters.AddFailureAsync(key, old, CancellationToken.None);
            }

            foreach (var key in keptRecent)
            {
                await counters.AddFailureAsync(key, recent, CancellationToken.None);
            }

            return 0;
        });

        var removed = await server.WithServiceAsync(services => services.GetRequiredService<FailureCounterPruner>().PruneAsync(CancellationToken.None));

        Assert.Equal(gone.Length, removed);
        var left = await server.WithServiceAsync(async services =>
        {
            var counters = services.GetRequiredService<FailureCounterStore>();
            var found = new List<string>();
            foreach (var key in gone.Concat(kept).Concat(keptRecent))
            {
                if (await counters.ReadAsync(key, CancellationToken.None) is not null)
                {
                    found.Add(key);
                }
            }

            return found;
        });
        Assert.Equal(kept.Concat(keptRecent), left);
    }
}
