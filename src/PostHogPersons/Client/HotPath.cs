using System.Runtime.CompilerServices;

namespace PostHogPersons.Client
{
    /// <summary>What the per-person parsing code asks of the JIT.</summary>
    internal static class HotPath
    {
        /// <summary>
        /// MethodImplOptions.AggressiveOptimization, which netstandard2.0 does not name: the
        /// method is compiled fully optimized at once instead of starting as unoptimized
        /// tier-0 code, which a fresh process would otherwise run for its first ~100,000
        /// persons. Windows PowerShell (.NET Framework) ignores it.
        /// </summary>
        public const MethodImplOptions Optimized = (MethodImplOptions)512;

        /// <summary>
        /// <see cref="Optimized"/> for a small method called per byte or per token, which
        /// should also be inlined into its callers.
        /// </summary>
        public const MethodImplOptions OptimizedInline = Optimized | MethodImplOptions.AggressiveInlining;
    }
}
