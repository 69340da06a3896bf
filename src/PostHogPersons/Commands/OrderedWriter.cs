using System;
using System.Management.Automation;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// Writes outcomes in input order: an outcome that completes early waits until every
    /// one before it has been written. An ErrorRecord is written as an error, null as
    /// nothing, anything else as output.
    /// </summary>
    internal sealed class OrderedWriter
    {
        private static readonly object Nothing = new object();

        private readonly object[] _outcomes;
        private readonly Action<Action> _post;
        private readonly Cmdlet _cmdlet;
        private int _next;

        /// <summary>
        /// A writer for <paramref name="count"/> outcomes that writes through
        /// <paramref name="post"/> (onto the pipeline thread).
        /// </summary>
        public OrderedWriter(int count, Action<Action> post, Cmdlet cmdlet)
        {
            _outcomes = new object[count];
            _post = post;
            _cmdlet = cmdlet;
        }

        /// <summary>Records outcome <paramref name="index"/>; writes all now due.</summary>
        public void Complete(int index, object outcome)
        {
            lock (_outcomes)
            {
                _outcomes[index] = outcome ?? Nothing;
                while (_next < _outcomes.Length && _outcomes[_next] != null)
                {
                    object ready = _outcomes[_next];
                    _outcomes[_next] = Nothing;
                    _next++;
                    if (ready is ErrorRecord error)
                    {
                        _post(() => _cmdlet.WriteError(error));
                    }
                    else if (ready != Nothing)
                    {
                        _post(() => _cmdlet.WriteObject(ready));
                    }
                }
            }
        }
    }
}
