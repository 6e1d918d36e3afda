using System.Security.Cryptography;
using System.Text;
using GoLive.Core.Configuration;

namespace GoLive.Core.Audit;

/// <summary>
/// The secret that anchors the audit chain: every entry's hash and every checkpoint of the chain head are
/// signed with it (HMAC-SHA256). It lives outside the database — in configuration
/// (<c>ControlRoom:Audit:Key</c>, base64) or in a file only the control room's user may read
/// (<c>ControlRoom:Audit:KeyFile</c>, created with mode 600 beside the database when neither is set).
/// </summary>
public sealed class AuditKey
{
    public const int MinKeyBytes = 32;
    private readonly byte[] _key;

    public AuditKey(byte[] key, string source)
    {
        if (key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"An audit key has at least {MinKeyBytes} bytes.", nameof(key));
        }
        _key = key;
        Source = source;
    }

    /// <summary>Where the key came from (a configuration key or a file path), never the key.</summary>
    public string Source { get; }

    /// <summary>A fixed, public key for unit tests that build an <see cref="AuditTrail"/> by hand; the app always loads its own.</summary>
    internal static AuditKey ForTests { get; } = new(SHA256.HashData("golive-audit-unit-tests"u8), "built-in test key");

    public string Sign(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)));

    public bool Verify(string text, string? signature) =>
        signature is { Length: 64 } && signature.All(char.IsAsciiHexDigitLower)
        && CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)), Convert.FromHexString(signature));

    /// <summary>The key file used when <c>ControlRoom:Audit:Key</c> is not set: the configured one, else <c>audit.key</c> beside the database.</summary>
    public static string KeyFilePath(ControlRoomOptions options) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(options.Audit.KeyFile)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Database.Path)) ?? ".", "audit.key")
            : options.Audit.KeyFile);

    /// <summary>The problem with the configured key or key file (for the options validator), or null.</summary>
    public static string? Problem(ControlRoomOptions options)
    {
        const string P = ControlRoomOptions.Section + ":Audit:";
        if (!string.IsNullOrWhiteSpace(options.Audit.Key))
        {
            return Decode(options.Audit.Key) is null ? $"{P}Key: must be base64 of at least {MinKeyBytes} random bytes (e.g. openssl rand -base64 32)." : null;
        }
        var path = KeyFilePath(options);
        if (!File.Exists(path))
        {
            return null; // created at start-up, mode 600
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            return $"{P}KeyFile: '{path}' may be read or written by group or others; chmod 600 it (only the control room's user may read the audit key).";
        }
        return Decode(File.ReadAllText(path)) is null ? $"{P}KeyFile: '{path}' must hold base64 of at least {MinKeyBytes} random bytes." : null;
    }

    /// <summary>Loads the configured key, or the key file (creating it, mode 600, when it does not exist yet).</summary>
    public static AuditKey Load(ControlRoomOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.Audit.Key))
        {
            return new AuditKey(Decode(options.Audit.Key) ?? throw new InvalidOperationException(Problem(options)), "ControlRoom:Audit:Key");
        }
        var path = KeyFilePath(options);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var created = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                created.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            try
            {
                using var writer = new StreamWriter(path, Encoding.ASCII, created);
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinKeyBytes)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another start created it first; use that one.
            }
        }
        return new AuditKey(Decode(File.ReadAllText(path)) ?? throw new InvalidOperationException(Problem(options)), path);
    }

    private static byte[]? Decode(string text)
    {
        try
        {
            var bytes = Convert.FromBase64String(text.Trim());
            return bytes.Length >= MinKeyBytes ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
