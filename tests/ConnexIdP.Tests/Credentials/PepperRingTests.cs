using System.Security.Cryptography;
using ConnexIdP.Core.Credentials;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Tests.Credentials;

public sealed class PepperRingTests
{
    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void The_current_pepper_makes_new_hashes_and_previous_ones_from_value_or_file_still_verify()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, NewSecret() + "\n");
            var options = new PasswordHashingOptions
            {
                Pepper = new() { Id = "2025", Value = NewSecret() },
                PreviousPeppers = [new() { Id = "2024", File = file }, new() { Id = "2023", Value = NewSecret() }],
            };

            var ring = PepperRing.FromOptions(Options.Create(options));

            Assert.Equal("2025", ring.Current.Id);
            Assert.Equal(["2024", "2023"], ring.PreviousIds);
            Assert.True(ring.TryGet("2024", out var fromFile));
            Assert.Equal("2024", fromFile.Id);
            Assert.True(ring.TryGet("2023", out _));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Asking_for_a_pepper_that_is_not_configured_logs_an_error_naming_its_id()
    {
        var logger = new RecordingLogger();
        var ring = new PepperRing([new Pepper("new", RandomNumberGenerator.GetBytes(32))], "new", logger);

        Assert.False(ring.TryGet("retired", out _));

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains("'retired'", entry.Message, StringComparison.Ordinal);
        Assert.Contains("Passwords:PreviousPeppers", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_known_pepper_is_found_without_any_log()
    {
        var logger = new RecordingLogger();
        var ring = new PepperRing([new Pepper("a", RandomNumberGenerator.GetBytes(32)), new Pepper("b", RandomNumberGenerator.GetBytes(32))], "b", logger);

        Assert.True(ring.TryGet("a", out _));
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public void Two_peppers_with_one_id_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new PepperRing([new Pepper("a", RandomNumberGenerator.GetBytes(32)), new Pepper("a", RandomNumberGenerator.GetBytes(32))], "a"));
        Assert.Contains("'a' is given twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_configuration_is_refused_when_the_ring_is_built_without_start_up_validation()
    {
        var secret = NewSecret();
        var options = new PasswordHashingOptions
        {
            Pepper = new() { Id = "2", Value = secret },
            PreviousPeppers = [new() { Id = "2", Value = NewSecret() }],
        };

        var error = Assert.Throws<InvalidOperationException>(() => PepperRing.FromOptions(Options.Create(options)));
        Assert.Contains("Passwords:PreviousPeppers:0:Id '2' is also the id of Passwords:Pepper", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingLogger : ILogger<PepperRing>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
