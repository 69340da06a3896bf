using System;
using System.Text.Json;

namespace PostHogPersons.Client
{
    /// <summary>
    /// Reads one item of a JSON list from the item's UTF-8 text. An instance may keep caches
    /// between items; one page is read at a time.
    /// </summary>
    public interface IJsonItemReader<T>
    {
        /// <summary>
        /// Reads the item that <paramref name="text"/> holds (one JSON value, white space
        /// around it allowed). Returns false when the text is not one valid JSON value.
        /// </summary>
        /// <exception cref="JsonException">The item is valid JSON but not what this reader
        /// reads, or holds a string that is not valid UTF-8 or UTF-16.</exception>
        bool TryRead(ArraySegment<byte> text, out T item);
    }
}
