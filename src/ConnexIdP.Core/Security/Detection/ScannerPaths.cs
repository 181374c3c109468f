namespace ConnexIdP.Core.Security.Detection;

/// <summary>Paths vulnerability scanners probe and that no page, endpoint or client of this server ever uses.</summary>
public static class ScannerPaths
{
    // Matched as the first path segment (case-insensitive), so "/.git/config" and "/wp-admin/setup.php" both count.
    private static readonly HashSet<string> FirstSegments = new(StringComparer.OrdinalIgnoreCase)
    {
        ".env", ".git", ".svn", ".hg", ".aws", ".ssh", ".DS_Store", ".htaccess", ".htpasswd", ".vscode", ".idea",
        "wp-admin", "wp-login.php", "wp-content", "wp-includes", "xmlrpc.php", "wordpress",
        "phpmyadmin", "pma", "phpinfo.php", "info.php", "cgi-bin", "server-status", "actuator", "vendor",
        "boaform", "HNAP1", "owa", "autodiscover", "config.json", "web.config", "backup.sql", "dump.sql",
    };

    /// <summary>
    /// Whether <paramref name="path"/> (a request path, starting with '/') is one scanners probe; <paramref name="probe"/>
    /// is then the listed segment it starts with (ours, so it is safe to log, unlike the path).
    /// </summary>
    public static bool IsScannerPath(string? path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? probe)
    {
        probe = null;
        if (string.IsNullOrEmpty(path) || path[0] != '/')
        {
            return false;
        }

        var rest = path.AsSpan(1);
        var end = rest.IndexOf('/');
        var first = end < 0 ? rest : rest[..end];
        return first.Length > 0 && FirstSegments.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(first, out probe);
    }
}
