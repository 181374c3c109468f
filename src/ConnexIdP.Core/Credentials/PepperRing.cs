using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Credentials;

/// <summary>The peppers this process knows: the current one makes new hashes; the previous ones only verify.</summary>
public sealed partial class PepperRing
{
    private readonly Dictionary<string, Pepper> _peppers = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public PepperRing(IEnumerable<Pepper> peppers, string currentId, ILogger<PepperRing>? logger = null)
    {
        var previous = new List<string>();
        foreach (var pepper in peppers)
        {
            if (!_peppers.TryAdd(pepper.Id, pepper))
            {
                throw new ArgumentException($"Pepper id '{pepper.Id}' is given twice; each id must name one secret.", nameof(peppers));
            }

            if (pepper.Id != currentId)
            {
                previous.Add(pepper.Id);
            }
        }

        Current = _peppers.TryGetValue(currentId, out var current)
            ? current
            : throw new InvalidOperationException($"The current pepper '{currentId}' is not configured.");
        PreviousIds = previous;
        _logger = logger ?? NullLogger<PepperRing>.Instance;
    }

    public Pepper Current { get; }

    /// <summary>The ids of the peppers that only verify, in configuration order.</summary>
    public IReadOnlyList<string> PreviousIds { get; }

    /// <summary>
    /// The pepper a stored credential names. Callers ask only to verify a stored hash or client secret, so a miss is
    /// logged as an error: that credential can never verify until its pepper is configured again.
    /// </summary>
    public bool TryGet(string id, out Pepper pepper)
    {
        if (_peppers.TryGetValue(id, out pepper!))
        {
            return true;
        }

        LogUnknownPepper(_logger, id);
        return false;
    }

    /// <summary>Reads the configured peppers; the message names what is wrong and never a secret.</summary>
    public static PepperRing FromOptions(IOptions<PasswordHashingOptions> options, ILogger<PepperRing>? logger = null)
    {
        var problems = ConfiguredPeppers.Read(options.Value, out var peppers);
        return problems.Count == 0
            ? new PepperRing(peppers, options.Value.Pepper.Id!, logger)
            : throw new InvalidOperationException(string.Join(" ", problems));
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error,
        Message = "A stored password hash or client secret names pepper '{PepperId}', which is not configured: it cannot be verified until that pepper is configured again under Passwords:PreviousPeppers, or the credential is reset")]
    private static partial void LogUnknownPepper(ILogger logger, string pepperId);
}
