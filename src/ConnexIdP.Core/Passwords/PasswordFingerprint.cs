using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ConnexIdP.Core.Passwords;

/// <summary>
/// A password's entry in a blocklist: the first 8 bytes, read big-endian, of SHA-256 over the UTF-8 bytes of its
/// lower-cased NFC form. Unkeyed on purpose: the lists hold public passwords, and an operator can reproduce an entry
/// with <c>printf '%s' password | sha256sum | cut -c1-16</c>. Two different passwords share a fingerprint with
/// probability 2^-64, so a lookup among n entries wrongly answers "known" with probability about n / 2^64
/// (5.4e-14 for a million entries, 5.4e-11 for a billion).
/// </summary>
public static class PasswordFingerprint
{
    /// <summary>The fingerprint of <paramref name="password"/>, or null when it is not well-formed Unicode (such text is in no list).</summary>
    public static ulong? Of(string password) =>
        PasswordText.TryComparable(password) is { } comparable ? OfComparable(comparable) : null;

    /// <summary>One line of a plain list: blank lines and malformed text are no entry.</summary>
    internal static ulong? OfListLine(string line) => line.Length == 0 ? null : Of(line);

    internal static ulong OfComparable(ReadOnlySpan<char> comparable)
    {
        var maximum = Encoding.UTF8.GetMaxByteCount(comparable.Length);
        byte[]? rented = null;
        var bytes = maximum <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(maximum));
        try
        {
            var length = Encoding.UTF8.GetBytes(comparable, bytes);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..length], digest);
            return BinaryPrimitives.ReadUInt64BigEndian(digest);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
