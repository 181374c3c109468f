using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ConnexIdP.Core.Data;

/// <summary>
/// Stores a time as Unix milliseconds (UTC) in a 64-bit integer. Every provider then compares and orders it in SQL;
/// EF Core on SQLite cannot compare <see cref="DateTimeOffset"/> columns, and the counters' compare-and-swap needs equality.
/// </summary>
internal sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    time => time.ToUnixTimeMilliseconds(),
    milliseconds => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));
