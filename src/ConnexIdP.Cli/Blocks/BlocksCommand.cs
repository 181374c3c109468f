using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ConnexIdP.Cli.Output;
using ConnexIdP.Core.Security;
using ConnexIdP.Core.Security.Blocks;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Cli.Blocks;

/// <summary>
/// <c>connexidp blocks list|add|lift</c>: the source blocks every server enforces (<see cref="SourceBlockStore"/>).
/// Servers see a change at their next refresh (<c>SignInDefence:BlockRefreshInterval</c>).
/// </summary>
internal static class BlocksCommand
{
    private const string Actor = "cli";

    public static Command Create(CliContext cli) => new("blocks", "List, add and lift source blocks (addresses or networks refused before any sign-in work).")
    {
        List(cli),
        Add(cli),
        Lift(cli),
    };

    private static Command List(CliContext cli)
    {
        var all = new Option<bool>("--all") { Description = "Include ended and lifted blocks." };
        var nft = new Option<bool>("--nft") { Description = "Write the blocks in force as an nftables script (nft -f) instead of a table." };
        var command = new Command("list", "List the blocks in force.") { all, nft };
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            var now = session.Get<TimeProvider>().GetUtcNow();
            var blocks = await session.Get<SourceBlockStore>().ListAsync(parse.GetValue(all) && !parse.GetValue(nft), cancellationToken);
            if (parse.GetValue(nft))
            {
                var script = NftablesScript.Render(blocks, now);
                return session.Output.Result(new { script }, text => text.Write(script));
            }

            return session.Output.Table([.. blocks.Select(b => BlockView.From(b, now))], "No blocks in force.",
                new("Network", b => b.Network),
                new("State", b => b.Active ? "active" : b.LiftedAt is null ? "ended" : "lifted"),
                new("Until", b => TextTable.Time(b.LiftedAt ?? b.ExpiresAt)),
                new("Offences", b => b.Offences.ToString(CultureInfo.InvariantCulture)),
                new("By", b => b.CreatedBy),
                new("Reason", b => b.Reason));
        });
        return command;
    }

    private static Command Add(CliContext cli)
    {
        var network = new Argument<string>("network") { Description = "An address (203.0.113.7) or a network in CIDR notation (203.0.113.0/24, 2001:db8:1:2::/64)." };
        var duration = new Option<TimeSpan?>("--duration")
        {
            Description = "How long, as [d.]hh:mm:ss (default: SignInDefence:BlockMaxDuration, one day unless configured).",
            HelpName = "TIMESPAN",
            CustomParser = ParseDuration,
        };
        var reason = new Option<string>("--reason") { Description = "Why, for the other operators (shown in lists and events)." };
        var command = new Command("add", "Block an address or network on every server (or replace its block).") { network, duration, reason };
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            var length = parse.GetValue(duration) ?? session.Get<IOptions<SourceDefenceOptions>>().Value.BlockMaxDuration;
            var (block, error) = await session.Get<BlockAdministration>().PlaceAsync(
                parse.GetValue(network), length, parse.GetValue(reason), Actor, SecurityEventContext.None, cancellationToken);
            if (block is null)
            {
                return session.Output.Refuse(error!);
            }

            var view = BlockView.From(block, session.Get<TimeProvider>().GetUtcNow());
            return session.Output.Result(view, text => text.WriteLine($"{view.Network} is blocked until {TextTable.Time(view.ExpiresAt)}."));
        });
        return command;
    }

    private static Command Lift(CliContext cli)
    {
        var network = new Argument<string>("network") { Description = "The blocked address or network, as listed." };
        var command = new Command("lift", "End the block of an address or network now.") { network };
        cli.SetAction(command, async (session, parse, cancellationToken) =>
        {
            var (block, error) = await session.Get<BlockAdministration>().LiftAsync(parse.GetValue(network), Actor, SecurityEventContext.None, cancellationToken);
            if (block is null)
            {
                return session.Output.Refuse(error!);
            }

            var view = BlockView.From(block, session.Get<TimeProvider>().GetUtcNow());
            return session.Output.Result(view, text => text.WriteLine($"The block of {view.Network} is lifted."));
        });
        return command;
    }

    private static TimeSpan? ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var duration) || duration <= TimeSpan.Zero)
        {
            result.AddError($"--duration '{text}' is not a positive duration as [d.]hh:mm:ss (for example 1:00:00 or 7.00:00:00).");
        }

        return duration;
    }
}
