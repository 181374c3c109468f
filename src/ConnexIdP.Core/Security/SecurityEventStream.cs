using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Security;

/// <summary>
/// Writes each security event as one JSON line to standard output or a file (<see cref="SecurityEventOptions.Stream"/>),
/// for a SIEM. Lines are written whole, one at a time, so a collector never reads half an event.
/// </summary>
public sealed class SecurityEventStream(IOptions<SecurityEventOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },

        // Escapes every control character: a user agent cannot start a forged line of its own.
        Encoder = JavaScriptEncoder.Default,
    };

    private readonly string _target = options.Value.Stream;
    private readonly SemaphoreSlim _writing = new(1, 1);

    public bool IsEnabled => !string.Equals(_target, SecurityEventOptions.NoStream, StringComparison.OrdinalIgnoreCase);

    public async Task WriteAsync(SecurityEvent recorded, CancellationToken cancellationToken)
    {
        if (!IsEnabled)
        {
            return;
        }

        var line = JsonSerializer.Serialize(recorded, Json) + "\n";
        await _writing.WaitAsync(cancellationToken);
        try
        {
            if (string.Equals(_target, SecurityEventOptions.StandardOutput, StringComparison.OrdinalIgnoreCase))
            {
                await Console.Out.WriteAsync(line.AsMemory(), cancellationToken);
                await Console.Out.FlushAsync(cancellationToken);
                return;
            }

            // Opened for each event, so the file can be rotated (moved away) at any time; other processes may append too.
            await using var file = new FileStream(_target, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(line), cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }
}
