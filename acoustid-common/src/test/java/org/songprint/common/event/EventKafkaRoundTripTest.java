package org.songprint.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.songprint.testsupport.LocalInfra;
import org.songprint.testsupport.NeedsInfrastructure;

/** Every event type goes through the real broker and comes back equal. */
@NeedsInfrastructure
class EventKafkaRoundTripTest {

    @Test
    void everyEventTypeRoundTripsThroughTheBroker() throws Exception {
        String topic = "contract-test-" + UUID.randomUUID();
        Map<String, Object> common = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.kafkaBootstrap());
        try (Admin admin = Admin.create(common)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            try {
                List<EventSamples.Sample> samples = EventSamples.all();
                Map<String, Object> producerConfig = new HashMap<>(common);
                producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
                try (KafkaProducer<String, Event> producer =
                        new KafkaProducer<>(producerConfig, new StringSerializer(), new EventSerializer())) {
                    for (EventSamples.Sample sample : samples) {
                        producer.send(new ProducerRecord<>(topic, sample.file(), sample.event())).get();
                    }
                }

                Map<String, Object> consumerConfig = new HashMap<>(common);
                consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
                consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                List<ConsumerRecord<byte[], byte[]>> received = new ArrayList<>();
                try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of(topic));
                    long deadline = System.currentTimeMillis() + 30_000;
                    while (received.size() < samples.size() && System.currentTimeMillis() < deadline) {
                        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                    }
                }

                assertThat(received).hasSize(samples.size());
                for (int i = 0; i < samples.size(); i++) {
                    EventSamples.Sample sample = samples.get(i);
                    Event back = sample.deserializer().getDeclaredConstructor().newInstance()
                            .deserialize(topic, received.get(i).value());
                    assertThat(back).as(sample.file()).usingRecursiveComparison().isEqualTo(sample.event());
                }
            } finally {
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
    }
}
