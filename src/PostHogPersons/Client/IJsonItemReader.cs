using System.Text.Json;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Reads one item of a JSON list straight from a <see cref="Utf8JsonReader"/> that may
    /// hold only part of the answer. An instance may keep caches between items; one page
    /// is read at a time.
    /// </summary>
    public interface IJsonItemReader<T>
    {
        /// <summary>
        /// Reads the item whose first token is the reader's current token, leaving the reader
        /// on its last token. Returns false, with the reader in any state, when the data ends
        /// before the item does; the caller then starts the item again with more data.
        /// </summary>
        /// <exception cref="JsonException">The item is not what this reader reads.</exception>
        bool TryRead(ref Utf8JsonReader reader, out T item);
    }
}
