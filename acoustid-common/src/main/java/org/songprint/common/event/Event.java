package org.songprint.common.event;

/**
 * A message on one of the suite's topics. Every event carries the version of its JSON schema so a
 * consumer can tell a shape it does not know from a broken message.
 */
public interface Event {
    /** The version of the event's JSON shape; bumped only for incompatible changes. */
    int schemaVersion();
}
