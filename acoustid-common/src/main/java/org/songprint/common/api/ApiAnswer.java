package org.songprint.common.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A successful answer of an AcoustID endpoint: a record whose components are the fields beside
 * {@code "status":"ok"}. {@link ApiReplyWriter} writes every answer the same way in json, jsonp and
 * xml: fields sorted by name, absent (null) fields left out unless a component says otherwise.
 */
public interface ApiAnswer {

    @JsonProperty("status")
    default String status() {
        return "ok";
    }
}
