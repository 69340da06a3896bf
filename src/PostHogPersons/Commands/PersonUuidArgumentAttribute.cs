using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace PostHogPersons.Commands
{
    /// <summary>
    /// Keeps -Uuid for UUIDs. Without it PowerShell binds a pipeline object that has no Uuid
    /// property to -Uuid by turning the whole object into text ("@{PersonId=5}") before it
    /// tries the object's other properties. Strings and GUIDs pass through; an object gives
    /// its Uuid (or PersonUuid, person_uuid) property, or no UUID at all, so that its
    /// PersonId or Id property binds to -Id instead.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class PersonUuidArgumentAttribute : ArgumentTransformationAttribute
    {
        private static readonly string[] Names = { "Uuid", "PersonUuid", "person_uuid" };

        /// <summary>The UUID text of each value; objects without one give nothing.</summary>
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value == null || value is string || value is Guid)
            {
                return inputData;
            }

            var uuids = new List<string>();
            if (value is IEnumerable items && !(value is IDictionary))
            {
                foreach (object item in items)
                {
                    Add(uuids, item);
                }
            }
            else
            {
                Add(uuids, inputData);
            }

            return uuids.ToArray();
        }

        private static void Add(List<string> uuids, object item)
        {
            object value = item is PSObject wrapped ? wrapped.BaseObject : item;
            switch (value)
            {
                case null:
                    return;
                case string text:
                    uuids.Add(text);
                    return;
                case Guid guid:
                    uuids.Add(guid.ToString());
                    return;
            }

            PSMemberInfoCollection<PSPropertyInfo> properties = PSObject.AsPSObject(item).Properties;
            foreach (string name in Names)
            {
                object uuid = properties[name]?.Value;
                if (uuid != null)
                {
                    uuids.Add(Convert.ToString(uuid, CultureInfo.InvariantCulture));
                    return;
                }
            }
        }
    }
}
