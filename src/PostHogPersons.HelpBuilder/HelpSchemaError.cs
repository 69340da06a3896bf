using System;
using System.Collections.Generic;
using System.Linq;

namespace PostHogPersons.HelpBuilder
{
    /// <summary>A schema violation found in a markdown file.</summary>
    public sealed class HelpSchemaError
    {
        public HelpSchemaError(string file, int line, string message)
        {
            File = file;
            Line = line;
            Message = message;
        }

        public string File { get; }

        /// <summary>1-based line number.</summary>
        public int Line { get; }

        public string Message { get; }

        public override string ToString() => File + ":" + Line + ": " + Message;
    }

    /// <summary>Thrown by the Parse methods when a document violates the schema.</summary>
    public sealed class HelpSchemaException : Exception
    {
        public HelpSchemaException(IReadOnlyList<HelpSchemaError> errors)
            : base(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
        {
            Errors = errors;
        }

        public IReadOnlyList<HelpSchemaError> Errors { get; }
    }
}
