using System.Numerics;
using System.Runtime.CompilerServices;

namespace PmoFlow.Core.Forecasting;

/// <summary>
/// The xoshiro256** generator of Blackman and Vigna as a small mutable struct, so the Monte Carlo
/// kernels draw numbers without virtual calls or allocation (MathNet's <c>Xoshiro256StarStar</c> is a class).
/// </summary>
/// <remarks>
/// Not thread-safe: each worker owns its own copy. Seeded from a 64-bit seed and a stream index through
/// SplitMix64, as the authors recommend, so blocks of trials get independent, reproducible streams.
/// </remarks>
public struct Xoshiro256StarStar
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Builds the generator from its raw 256-bit state (not all zero).</summary>
    public Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
        {
            throw new ArgumentException("The xoshiro256** state must not be all zero.");
        }

        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
    }

    /// <summary>The generator for stream <paramref name="stream"/> of <paramref name="seed"/>.</summary>
    /// <remarks>Different (seed, stream) pairs give statistically independent sequences.</remarks>
    public static Xoshiro256StarStar Create(ulong seed, ulong stream)
    {
        // Mix the stream index first so that neighbouring (seed, stream) pairs do not share SplitMix64 states.
        var x = seed ^ SplitMix64Mix(stream + 0x9E3779B97F4A7C15UL);
        var s0 = SplitMix64(ref x);
        var s1 = SplitMix64(ref x);
        var s2 = SplitMix64(ref x);
        var s3 = SplitMix64(ref x);
        return (s0 | s1 | s2 | s3) == 0 ? new Xoshiro256StarStar(1, 2, 3, 4) : new Xoshiro256StarStar(s0, s1, s2, s3);
    }

    /// <summary>The next 64 uniformly distributed bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, n) for 0 &lt; n ≤ 2^32, by Lemire's multiply-shift on 32 random bits.</summary>
    /// <remarks>The bias is at most n / 2^32 (below 1e-7 for any realistic sample size), the price of one multiply.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextIndex(uint n) => (int)(((NextUInt64() >> 32) * n) >> 32);

    /// <summary>A uniform integer in [low, high], both included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long NextInclusive(long low, long high)
    {
        if (high <= low)
        {
            return low;
        }

        var span = (ulong)(high - low) + 1;
        return low + (long)Math.BigMul(NextUInt64(), span, out _);
    }

    /// <summary>SplitMix64's output function applied to one value.</summary>
    internal static ulong SplitMix64Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return SplitMix64Mix(x);
    }
}
