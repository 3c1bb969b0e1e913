using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

using AdminConsole.Core.Identity;
using AdminConsole.Core.Attempts;

namespace AdminConsole.Core.SignIn;

/// <summary>A proof-of-work puzzle: find a number whose SHA-256 with the challenge starts with enough zero bits.</summary>
/// <param name="Challenge">Opaque, protected by the data-protection key ring (every instance can check it).</param>
/// <param name="Difficulty">Leading zero bits the hash needs: each one doubles the expected work.</param>
public sealed record Puzzle(string Challenge, int Difficulty, DateTimeOffset ExpiresAt)
{
    /// <summary>The header (API) or form field (sign-in page) that carries <c>challenge.number</c>.</summary>
    public const string HeaderName = "Sign-In-Proof";

    public const string FieldName = "proof";

    /// <summary>What is hashed: the challenge, a dot and the number, as UTF-8.</summary>
    public const string Algorithm = "sha256(challenge + \".\" + number) with Difficulty leading zero bits";
}

/// <summary>
/// When admission is full, a sign-in from a new device is answered busy with a <see cref="Puzzle"/>; solving it (well
/// under a second in a browser) buys the next try a place in a lane of its own, ahead of the unsolved flood. A
/// scripted flood that does not solve stays in the strangers' lane; one that does pays a hash search per try, and the
/// difficulty grows with the pressure. Each solution is spent once and expires with its challenge: with Redis, once
/// across every instance (a key set only if absent); while Redis is unreachable, once per instance.
/// </summary>
public sealed class SignInPuzzle
{
    private const int NonceBytes = 16;
    private const int MaxDifficulty = 24;
    private readonly IDataProtector protector;
    private readonly TimeProvider time;
    private readonly AdmissionOptions options;
    private readonly ConcurrentDictionary<string, long> spent = new(StringComparer.Ordinal);
    private long busyWindow;
    private int busyInWindow;
    private int busyInLastWindow;

    private readonly StackExchange.Redis.IConnectionMultiplexer? redis;

    /// <param name="redis">The shared Redis when <c>ConnectionStrings:Redis</c> is set (none otherwise).</param>
    public SignInPuzzle(IDataProtectionProvider protection, TimeProvider time, IOptions<AdmissionOptions> options, IEnumerable<StackExchange.Redis.IConnectionMultiplexer>? redis = null)
    {
        protector = protection.CreateProtector("AdminConsole.SignInPuzzle.v1");
        this.time = time;
        this.options = options.Value;
        this.redis = redis?.FirstOrDefault();
    }

    /// <summary>Whether puzzles are handed out at all (<see cref="AdmissionOptions.PuzzleDifficulty"/> above 0).</summary>
    public bool Enabled => options.PuzzleDifficulty > 0;

    /// <summary>Whether sign-ins were turned away busy in this or the last second: the sign-in page then hands out puzzles up front.</summary>
    public bool UnderPressure
    {
        get
        {
            Roll();
            return Enabled && Volatile.Read(ref busyInWindow) + Volatile.Read(ref busyInLastWindow) > 0;
        }
    }

    /// <summary>Notes one sign-in turned away busy; the difficulty follows how many there were in the last second.</summary>
    public void CountBusy()
    {
        Roll();
        Interlocked.Increment(ref busyInWindow);
    }

    /// <summary>A fresh puzzle at the difficulty the current pressure asks for.</summary>
    public Puzzle Issue()
    {
        var difficulty = CurrentDifficulty();
        var expires = time.GetUtcNow() + options.PuzzleLifetime;
        var payload = new byte[1 + sizeof(long) + NonceBytes];
        payload[0] = (byte)difficulty;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(1), expires.UtcTicks);
        RandomNumberGenerator.Fill(payload.AsSpan(1 + sizeof(long)));
        return new Puzzle(Base64Url.EncodeToString(protector.Protect(payload)), difficulty, expires);
    }

    /// <summary>
    /// True once for a proof (<c>challenge.number</c>) that solves an unexpired puzzle this app issued; false for
    /// anything else, a second use included. Costs one SHA-256 and one unprotect.
    /// </summary>
    public bool TryRedeem(string? proof)
    {
        if (string.IsNullOrEmpty(proof) || proof.Length > 1024)
        {
            return false;
        }

        var dot = proof.LastIndexOf('.');
        if (dot <= 0 || dot == proof.Length - 1)
        {
            return false;
        }

        var challenge = proof[..dot];
        if (!ulong.TryParse(proof.AsSpan(dot + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        byte[] payload;
        try
        {
            payload = protector.Unprotect(Base64Url.DecodeFromChars(challenge));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return false;
        }

        if (payload.Length != 1 + sizeof(long) + NonceBytes)
        {
            return false;
        }

        // A puzzle handed out while it was quiet is not spent at a peak: stockpiled easy ones buy nothing once the
        // difficulty has risen past them.
        var expires = BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(1));
        var now = time.GetUtcNow().UtcTicks;
        if (expires <= now || payload[0] < CurrentDifficulty() - 1 || !HasLeadingZeroBits(proof, payload[0]))
        {
            return false;
        }

        PruneSpent(now);
        var nonce = Convert.ToHexString(payload, 1 + sizeof(long), NonceBytes);
        return spent.TryAdd(nonce, expires) && SpendShared(nonce, TimeSpan.FromTicks(expires - now));
    }

    /// <summary>False when another instance spent the solution first; true without Redis or while it is unreachable.</summary>
    private bool SpendShared(string nonce, TimeSpan lifetime)
    {
        if (redis is not { IsConnected: true })
        {
            return true;
        }

        try
        {
            return redis.GetDatabase().StringSet($"adminconsole:puzzle:{nonce}", 1, lifetime, StackExchange.Redis.When.NotExists);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            return true; // spent here at least; the outage is reported by the Redis health check
        }
    }

    /// <summary>Whether SHA-256 of <paramref name="proof"/> starts with <paramref name="bits"/> zero bits.</summary>
    public static bool HasLeadingZeroBits(string proof, int bits)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(proof), hash);
        var whole = bits / 8;
        for (var i = 0; i < whole; i++)
        {
            if (hash[i] != 0)
            {
                return false;
            }
        }

        var rest = bits % 8;
        return rest == 0 || hash[whole] >> (8 - rest) == 0;
    }

    /// <summary>Finds the number that solves <paramref name="puzzle"/> (what a browser does in script; tests and clients use it).</summary>
    public static string Solve(Puzzle puzzle)
    {
        for (ulong n = 0; ; n++)
        {
            var proof = $"{puzzle.Challenge}.{n}";
            if (HasLeadingZeroBits(proof, puzzle.Difficulty))
            {
                return proof;
            }
        }
    }

    /// <summary>
    /// The configured difficulty, plus one bit for each doubling of the busy answers in the last second beyond the
    /// sign-ins the strangers' lane can take in that time: the more a flood pushes, the more each solved try costs.
    /// </summary>
    private int CurrentDifficulty()
    {
        Roll();
        var busy = Math.Max(Volatile.Read(ref busyInWindow), Volatile.Read(ref busyInLastWindow));
        var extra = busy <= options.Queue ? 0 : (int)Math.Log2((double)busy / options.Queue);
        return Math.Clamp(options.PuzzleDifficulty + extra, 1, Math.Min(MaxDifficulty, options.PuzzleDifficulty + 6));
    }

    private void Roll()
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        var window = Interlocked.Read(ref busyWindow);
        if (second != window && Interlocked.CompareExchange(ref busyWindow, second, window) == window)
        {
            Volatile.Write(ref busyInLastWindow, second == window + 1 ? Interlocked.Exchange(ref busyInWindow, 0) : 0);
            if (second != window + 1)
            {
                Volatile.Write(ref busyInWindow, 0);
            }
        }
    }

    private void PruneSpent(long now)
    {
        if (spent.Count < 4096)
        {
            return;
        }

        foreach (var (nonce, expires) in spent)
        {
            if (expires <= now)
            {
                spent.TryRemove(nonce, out _);
            }
        }
    }
}
