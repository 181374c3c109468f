using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ConnexIdP.Cli.Output;
using ConnexIdP.Core.Keys;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Cli.Keys;

/// <summary><c>connexidp keys rotate|list</c>: the token signing keys on disk (<see cref="SigningKeyRing"/>).</summary>
internal static class KeysCommand
{
    public static Command Create(CliContext cli) => new("keys", "Rotate and list token signing keys.")
    {
        Rotate(cli),
        List(cli),
    };

    private static Command Rotate(CliContext cli)
    {
        var activateIn = new Option<TimeSpan>("--activate-in")
        {
            Description = "How long the new key is published before it starts signing, as [d.]hh:mm:ss (default: Keys:Rotation:AnnounceAhead). The first key of an empty ring signs at once.",
            HelpName = "TIMESPAN",
            CustomParser = ParseDelay,
        };
        var command = new Command("rotate", "Publish a new signing key (and create the token encryption key if missing).") { activateIn };
        cli.SetAction(command, (session, parse, _) =>
        {
            var ring = session.Get<SigningKeyRing>();
            var delay = parse.GetResult(activateIn) is null
                ? session.Get<IOptions<KeyOptions>>().Value.Rotation.AnnounceAhead
                : parse.GetValue(activateIn);
            var key = KeyView.From(ring.Rotate(delay));
            ring.EnsureEncryptionKey();
            return Task.FromResult(session.Output.Result(key, text =>
                text.WriteLine($"Signing key {key.Kid} created in {ring.Directory}; it is published now and signs from {TextTable.Time(key.ActivatesAt)}.")));
        });
        return command;
    }

    private static TimeSpan ParseDelay(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var delay) || delay < TimeSpan.Zero)
        {
            result.AddError($"--activate-in '{text}' is not a duration of zero or more as [d.]hh:mm:ss (for example 14.00:00:00 or 0:00:00).");
        }

        return delay;
    }

    private static Command List(CliContext cli)
    {
        var command = new Command("list", "List signing keys with their state.");
        cli.SetAction(command, (session, _, _) =>
        {
            var keys = session.Get<SigningKeyRing>().List().Select(KeyView.From).ToList();
            return Task.FromResult(session.Output.Table(keys, "No signing keys. Create one with 'connexidp keys rotate'.",
                new("Kid", k => k.Kid),
                new("State", k => k.State.ToString().ToLowerInvariant()),
                new("Activates", k => TextTable.Time(k.ActivatesAt)),
                new("Retires", k => TextTable.Time(k.RetiresAt))));
        });
        return command;
    }
}
