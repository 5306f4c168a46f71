-- Records a Kafka consumer of this service could not process after a bounded number of tries
-- (an outage is waited out instead, never parked), kept with the reason so that everything behind
-- them flows on. The same table in every service's database (acoustid-common's ParkedRecords);
-- operators list and replay them at the service's /internal endpoints (docs/operations.md).
CREATE TABLE parked_record (
    id              bigserial PRIMARY KEY,
    pipeline        varchar(64) NOT NULL,
    topic           varchar(255) NOT NULL,
    kafka_partition integer NOT NULL,
    kafka_offset    bigint NOT NULL,
    record_key      text,
    payload         bytea,
    reason          text NOT NULL,
    attempts        integer NOT NULL,
    parked          timestamp with time zone NOT NULL DEFAULT now(),
    -- a redelivered record is parked once
    UNIQUE (pipeline, topic, kafka_partition, kafka_offset)
);
