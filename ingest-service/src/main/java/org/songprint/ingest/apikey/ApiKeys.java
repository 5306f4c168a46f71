package org.songprint.ingest.apikey;

import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.songprint.common.apikey.ApiKeyFeed;
import org.songprint.common.event.ApiKeyEvent;

/** This service's API key replica (client and user keys), fed from the {@code applications} topic. */
@Singleton
public class ApiKeys extends ApiKeyFeed {

    public ApiKeys(ApiKeysConfig config) {
        super(config.seedClientKeys(), config.seedUserKeys());
    }

    @Incoming("applications")
    public void onKeyState(ConsumerRecord<String, ApiKeyEvent> record) {
        apply(record);
    }
}
