using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.Credentials;

/// <summary>Configuration section <c>Passwords</c>: Argon2id cost and where the pepper comes from.</summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Passwords";

    /// <summary>OWASP's floor for Argon2id memory (19 MiB); only the Testing environment may go below it.</summary>
    public const int MinimumProductionMemoryKiB = 19 * 1024;

    [ValidateObjectMembers]
    public Argon2Section Argon2 { get; set; } = new();

    public PepperSection Pepper { get; set; } = new();

    public sealed class Argon2Section
    {
        [Range(8, 4 * 1024 * 1024, ErrorMessage = "Passwords:Argon2:MemoryKiB must be between {1} and {2}.")]
        public int MemoryKiB { get; set; } = 64 * 1024;

        [Range(1, 100, ErrorMessage = "Passwords:Argon2:Iterations must be between {1} and {2}.")]
        public int Iterations { get; set; } = 3;

        [Range(1, 64, ErrorMessage = "Passwords:Argon2:Parallelism must be between {1} and {2}.")]
        public int Parallelism { get; set; } = 1;

        public Argon2Parameters ToParameters() => new(MemoryKiB, Iterations, Parallelism);
    }

    public sealed class PepperSection
    {
        /// <summary>Identifier stored in every hash, so a later pepper can be introduced without breaking old hashes.</summary>
        [Required, RegularExpression("^[A-Za-z0-9_-]{1,32}$")]
        public string Id { get; set; } = "1";

        /// <summary>File holding the pepper as base64 (at least 32 bytes once decoded).</summary>
        public string? File { get; set; }

        /// <summary>The pepper itself as base64, typically from the environment variable <c>Passwords__Pepper__Value</c>.</summary>
        public string? Value { get; set; }
    }
}
