package org.songprint.fingerprint.apikey;

import jakarta.inject.Singleton;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.songprint.common.apikey.ApiKeyFeed;
import org.songprint.common.event.ApiKeyEvent;

/** This service's API key replica, fed from the {@code applications} topic (replayed on every boot). */
@Singleton
public class ApiKeys extends ApiKeyFeed {

    public ApiKeys(ApiKeysConfig config) {
        super(config.seedClientKeys(), Optional.empty());
    }

    @Incoming("applications")
    public void onKeyState(ConsumerRecord<String, ApiKeyEvent> record) {
        apply(record);
    }
}
